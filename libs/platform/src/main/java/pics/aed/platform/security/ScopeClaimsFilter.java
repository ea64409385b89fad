package pics.aed.platform.security;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import pics.aed.platform.problem.ProblemException;
import pics.aed.platform.problem.ProblemResponses;
import pics.aed.platform.problem.Problems;

/**
 * Refuses, on every endpoint of every service, a verified token whose role needs scope claims it does not carry
 * (docs/architecture.md "Security"): 403 {@code forbidden}. Without this, a local-admin token that names no gugun
 * would reach list queries whose area filter it leaves empty. Anonymous requests and bad tokens pass through, so that
 * the endpoint's own security answers them (401) as before.
 */
public class ScopeClaimsFilter {

    private final CurrentIdentityAssociation identities;

    public ScopeClaimsFilter(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> requireScopeClaims(UriInfo uri) {
        return identities
                .getDeferredIdentity()
                .onFailure()
                .recoverWithNull()
                .map(identity -> lacksScopeClaims(identity)
                        ? ProblemResponses.of(lacksScopeClaims().problem().atInstance(uri.getPath()))
                        : null);
    }

    static ProblemException lacksScopeClaims() {
        return Problems.forbidden("The token lacks scope claims: inspector and local-admin tokens need sido and gugun,"
                + " regional-admin tokens need sido.");
    }

    private static boolean lacksScopeClaims(SecurityIdentity identity) {
        return identity != null
                && !identity.isAnonymous()
                && identity.getPrincipal() instanceof JsonWebToken token
                && CurrentCaller.of(token).lacksScopeClaims();
    }
}
