package pics.aed.platform.security;

import java.util.Optional;

/** The roles of docs/architecture.md "Security", as they appear in the token's {@code groups} claim. */
public enum Role {
    INSPECTOR("inspector"),
    LOCAL_ADMIN("local-admin"),
    REGIONAL_ADMIN("regional-admin"),
    MASTER("master"),
    SERVICE("service");

    /** For {@code @RolesAllowed}, which needs compile-time constants. */
    public static final String INSPECTOR_NAME = "inspector";

    public static final String LOCAL_ADMIN_NAME = "local-admin";
    public static final String REGIONAL_ADMIN_NAME = "regional-admin";
    public static final String MASTER_NAME = "master";
    public static final String SERVICE_NAME = "service";

    /**
     * Every role, for {@code @RolesAllowed(Role.EVERY_ROLE)} on what any caller may read within their area. An
     * annotation takes no array constant, so this names the list kept in the platform defaults
     * ({@code pics.aed.security.every-role}, not an operator setting), which Quarkus expands when it checks the call;
     * {@code RoleTest} holds that list to this enum.
     */
    public static final String EVERY_ROLE = "${pics.aed.security.every-role}";

    /** The property {@link #EVERY_ROLE} names. */
    public static final String EVERY_ROLE_PROPERTY = "pics.aed.security.every-role";

    private final String claimValue;

    Role(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }

    public static Optional<Role> fromClaim(String value) {
        for (Role role : values()) {
            if (role.claimValue.equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
