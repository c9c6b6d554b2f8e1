package org.custos.web;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.custos.errors.Failure;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.export.ExportJobs;
import org.custos.fhir.export.ExportStatus;

/**
 * The asynchronous half of Bulk Data {@code $export}: {@code GET /fhir/$export-status/{job}} polls (202 with
 * {@code X-Progress} while running, 200 with the manifest when complete), {@code DELETE} cancels, and
 * {@code GET /fhir/$export-file/{job}/{type}/{index}} serves an NDJSON file. Only the client that started a job
 * reaches it ({@link ExportJobs} checks); anyone else gets 404, as for a job that never existed.
 */
@WebServlet(urlPatterns = {"/fhir/$export-status/*", "/fhir/$export-file/*"})
public class BulkExportServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(BulkExportServlet.class.getName());

    @Inject
    transient ExportJobs jobs;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(request, response, () -> {
            String[] path = pathOf(request);
            if (request.getServletPath().endsWith("$export-file") && path.length == 3) {
                response.setContentType("application/fhir+ndjson");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write(jobs.file(path[0], path[1], Integer.parseInt(path[2])));
            } else if (request.getServletPath().endsWith("$export-status") && path.length == 1) {
                status(request, response, jobs.status(path[0]));
            } else {
                OperationOutcomeResponses.write(response, 404, "Unknown export URL");
            }
        });
    }

    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        respond(request, response, () -> {
            String[] path = pathOf(request);
            if (!request.getServletPath().endsWith("$export-status") || path.length != 1) {
                OperationOutcomeResponses.write(response, 405, "Only an export job can be deleted");
                return;
            }
            jobs.delete(path[0]);
            response.setStatus(HttpServletResponse.SC_ACCEPTED);
        });
    }

    private void status(HttpServletRequest request, HttpServletResponse response, ExportStatus status)
            throws IOException {
        switch (status.status()) {
            case ACCEPTED, RUNNING -> {
                response.setStatus(HttpServletResponse.SC_ACCEPTED);
                response.setHeader("X-Progress", status.status() == ExportJob.Status.ACCEPTED ? "queued" : "running");
                response.setHeader("Retry-After", "2");
            }
            case COMPLETE -> {
                String base = request.getRequestURL().toString().replaceFirst("/\\$export-status/.*$", "");
                String jobId = pathOf(request)[0];
                JsonArrayBuilder output = Json.createArrayBuilder();
                status.files().forEach(file -> output.add(Json.createObjectBuilder()
                        .add("type", file.type())
                        .add("url", base + "/$export-file/" + jobId + "/" + file.type() + "/" + file.index())
                        .add("count", file.count())));
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                response.getWriter().write(Json.createObjectBuilder()
                        .add("transactionTime", status.transactionTime().toString())
                        .add("request", status.requestUrl())
                        .add("requiresAccessToken", true)
                        .add("output", output)
                        .add("error", Json.createArrayBuilder())
                        .build().toString());
            }
            default -> OperationOutcomeResponses.write(response, 500,
                    (status.message() == null ? "The export failed" : status.message()) + " (request id "
                            + RequestIds.of(request) + ")");
        }
    }

    private static String[] pathOf(HttpServletRequest request) {
        String info = request.getPathInfo();
        return info == null || info.length() < 2 ? new String[0] : info.substring(1).split("/");
    }

    /** One error path: known failures with their status, anything else 500 without detail. */
    private static void respond(HttpServletRequest request, HttpServletResponse response, Step step) throws IOException {
        try {
            step.run();
        } catch (NumberFormatException e) {
            OperationOutcomeResponses.write(response, 404, "Unknown export file (request id " + RequestIds.of(request) + ")");
        } catch (RuntimeException e) {
            Failure failure = Failure.of(e).orElseGet(() -> {
                LOG.log(Level.SEVERE, "Internal error in request {0}: {1}",
                        new Object[] {RequestIds.of(request), Failure.typeChain(e)});
                return new Failure(500, "Internal server error");
            });
            OperationOutcomeResponses.write(response, failure.status(), failure.message() + " (request id "
                    + RequestIds.of(request) + ")");
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }
}
