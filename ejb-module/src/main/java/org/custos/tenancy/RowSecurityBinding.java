package org.custos.tenancy;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * Gives EclipseLink its data source wrapped in {@link TenantBoundDataSource}, so that every JDBC connection it
 * takes — for writes, reads, read-only queries, whatever its internal pooling decides — is bound to the tenant of
 * the transaction it serves, for PostgreSQL's row-level security. The tenant comes from the transaction, where
 * {@link TenantScopeInterceptor} put it from the caller's token.
 */
public class RowSecurityBinding implements SessionCustomizer {

    /** Key of the tenant among the JTA transaction's resources. */
    static final String TENANT = RowSecurityBinding.class.getName() + ".tenant";

    @Override
    public void customize(Session session) throws Exception {
        TenantBoundDataSource bound = new TenantBoundDataSource(target(session.getLogin()));
        connector(session.getLogin()).setDataSource(bound);
        if (session instanceof ServerSession server) {
            // Reads too take the transaction's connection: Payara would hand EclipseLink's read pool the
            // non-transactional variant of the data source, outside the transaction the tenant is bound to.
            connector(server.getReadConnectionPool().getLogin()).setDataSource(bound);
            for (ConnectionPool pool : server.getConnectionPools().values()) {
                connector(pool.getLogin()).setDataSource(bound);
            }
        }
    }

    private static DataSource target(Login login) throws NamingException {
        JNDIConnector connector = connector(login);
        return connector.getDataSource() != null ? connector.getDataSource()
                : (DataSource) new InitialContext().lookup(connector.getName());
    }

    private static JNDIConnector connector(Login login) {
        if (login instanceof DatasourceLogin datasourceLogin && datasourceLogin.getConnector() instanceof JNDIConnector jndi) {
            return jndi;
        }
        throw new IllegalStateException("The persistence unit must use a JNDI data source");
    }
}
