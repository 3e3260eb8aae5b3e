package dev.questlog.warehouse.postgres;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * One PostgreSQL login role per app for analysts' queries: member of {@code questlog_readers} (SELECT on the
 * {@code analytics} views only), read-only by default, search path {@code analytics}, and mapped to its app in
 * {@code warm.reader_roles}, which the views filter on. A reader cannot become another role than its group, which sees
 * no rows. Passwords are random per process. Not thread-safe: the warehouse calls it under its lock.
 */
final class ReaderRoles {
    /** How a query logs in. */
    record Login(String role, String password) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Login> logins = new HashMap<>();

    Login loginFor(Connection owner, String app) throws SQLException {
        Login known = logins.get(app);
        if (known != null) {
            return known;
        }
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        Login login = new Login(roleName(app), HexFormat.of().formatHex(secret));
        boolean auto = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (Statement st = owner.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + login.role() + "') "
                    + "THEN CREATE ROLE " + login.role() + " LOGIN; END IF; END $$");
            st.execute("ALTER ROLE " + login.role() + " WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '"
                    + login.password() + "'");
            st.execute("ALTER ROLE " + login.role() + " SET default_transaction_read_only = on");
            st.execute("ALTER ROLE " + login.role() + " SET search_path = analytics");
            st.execute("GRANT " + PostgresSchema.READERS + " TO " + login.role());
            try (PreparedStatement ps = owner.prepareStatement("INSERT INTO warm.reader_roles (role_name, app) "
                    + "VALUES (?, ?) ON CONFLICT (role_name) DO NOTHING")) {
                ps.setString(1, login.role());
                ps.setString(2, app);
                ps.executeUpdate();
            }
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(auto);
        }
        logins.put(app, login);
        return login;
    }

    /** {@code ql_reader_<16 hex of sha-256(app)>}: any app name maps to a safe identifier. */
    static String roleName(String app) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(app.getBytes(StandardCharsets.UTF_8));
            return "ql_reader_" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
