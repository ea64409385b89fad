package pics.aed.platform.problem;

import jakarta.ws.rs.core.Response;

/** Builds the HTTP response of a problem. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(Problem problem) {
        Response.ResponseBuilder response =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (problem.status() == 413) {
            // the client may still be sending the rest of a refused body: close rather than read it all
            response.header("Connection", "close");
        }
        return response.build();
    }
}
