package pics.aed.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import pics.aed.platform.problem.Problems;

/** The {@link Caller} of the current request, read once from its verified token. */
@RequestScoped
public class CurrentCaller {

    private final SecurityIdentity identity;
    private Caller caller;

    public CurrentCaller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller get() {
        if (caller == null) {
            caller = read();
        }
        return caller;
    }

    /** The caller of a verified token; it may still {@link Caller#lacksScopeClaims() lack scope claims}. */
    static Caller of(JsonWebToken token) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String group : token.getGroups()) {
            Role.fromClaim(group).ifPresent(roles::add);
        }
        String subject = token.getSubject() != null ? token.getSubject() : token.getName();
        return new Caller(subject, roles, claim(token, "sido"), claim(token, "gugun"));
    }

    private Caller read() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw Problems.unauthenticated("A valid bearer token is required.");
        }
        Caller caller = of(token);
        if (caller.lacksScopeClaims()) {
            // ScopeClaimsFilter refuses such a token before any endpoint runs; this keeps code outside JAX-RS safe too
            throw ScopeClaimsFilter.lacksScopeClaims();
        }
        return caller;
    }

    private static String claim(JsonWebToken token, String name) {
        Object value = token.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString json ? json.getString() : value.toString();
        return text.isBlank() ? null : text;
    }
}
