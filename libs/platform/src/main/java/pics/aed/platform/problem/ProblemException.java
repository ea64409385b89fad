package pics.aed.platform.problem;

/**
 * Thrown (or failed with, in a {@code Uni}) to answer with a problem. Cheap: no stack trace, because it is a normal
 * answer, not a fault.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.name() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
