package org.custos.devstack;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The dev stack's mail server (GreenMail, SMTP on localhost): Keycloak sends account activation and password-reset
 * e-mails here instead of to real addresses. Every message is also saved to {@code <runDir>/mail/NNN.eml}, so a
 * developer can open the link in it.
 */
public final class MailServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MailServer.class.getName());

    private final GreenMail greenMail;
    private final Path mailDir;
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mail-saver");
        thread.setDaemon(true);
        return thread;
    });
    private int saved;

    private MailServer(GreenMail greenMail, Path mailDir) {
        this.greenMail = greenMail;
        this.mailDir = mailDir;
    }

    public static MailServer start(StackSettings settings) throws IOException {
        ServerProcess.requireFreePort(settings.smtpPort(), "Set CUSTOS_SMTP_PORT to use another port.");
        Path mailDir = settings.runDir().resolve("mail");
        Files.createDirectories(mailDir);
        GreenMail greenMail = new GreenMail(new ServerSetup(settings.smtpPort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        MailServer server = new MailServer(greenMail, mailDir);
        server.saver.scheduleWithFixedDelay(server::saveNew, 1, 1, TimeUnit.SECONDS);
        LOG.info(() -> "Dev mail server (SMTP) on localhost:" + settings.smtpPort() + ", messages saved in " + mailDir);
        return server;
    }

    /** Every message received so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    /** Waits until at least {@code count} messages have arrived in total. */
    public boolean awaitMessages(int count, Duration timeout) {
        return greenMail.waitForIncomingEmail(timeout.toMillis(), count);
    }

    public Path mailDir() {
        return mailDir;
    }

    private synchronized void saveNew() {
        MimeMessage[] received = greenMail.getReceivedMessages();
        for (; saved < received.length; saved++) {
            Path file = mailDir.resolve(String.format("%03d.eml", saved + 1));
            try (OutputStream out = Files.newOutputStream(file)) {
                received[saved].writeTo(out);
                LOG.info(() -> "Mail received, saved as " + file);
            } catch (IOException | MessagingException e) {
                LOG.warning("A received mail could not be saved: " + e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        saver.shutdownNow();
        greenMail.stop();
    }
}
