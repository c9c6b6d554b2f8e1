package org.custos.web;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Lets FHIR responses reach the network in buffer-sized writes. HAPI's JSON writer serializes every extension value
 * through Jackson's ObjectMapper, which flushes after each value: a Synthea Patient became dozens of one-line socket
 * writes, and half of a read's time went to them (measured with thread dumps). Flushes from the writer are ignored;
 * the container still sends the buffer when it is full and completes the response at the end.
 */
@WebFilter(urlPatterns = "/fhir/*")
public class ResponseFlushFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            private PrintWriter writer;

            @Override
            public PrintWriter getWriter() throws IOException {
                if (writer == null) {
                    writer = new PrintWriter(super.getWriter()) {
                        @Override
                        public void flush() {
                            // the container flushes when its buffer is full and when the response completes
                        }
                    };
                }
                return writer;
            }
        });
    }
}
