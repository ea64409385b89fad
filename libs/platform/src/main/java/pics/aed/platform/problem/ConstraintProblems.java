package pics.aed.platform.problem;

import java.util.Optional;

/**
 * A service's catalogue of its named database constraints and the problem each answers with when violated. The
 * constraint names are part of the schema's design (migrations name them explicitly) and this is what relies on them.
 */
public interface ConstraintProblems {

    Optional<ProblemException> forConstraint(String constraintName);
}
