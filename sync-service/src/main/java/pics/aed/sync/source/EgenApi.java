package pics.aed.sync.source;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The data.go.kr AED Open API (한국보건의료정보원 / 국립중앙의료원 AED 정보 조회 서비스), operation getAedFullDown. */
@Path("/B552657/AEDInfoInqireService")
public interface EgenApi {

    @GET
    @Path("/getAedFullDown")
    @Produces({"text/xml", "application/xml", "application/json"})
    Response fullDown(
            @QueryParam("serviceKey") String serviceKey,
            @QueryParam("pageNo") int pageNo,
            @QueryParam("numOfRows") int numOfRows,
            @QueryParam("_type") String type);
}
