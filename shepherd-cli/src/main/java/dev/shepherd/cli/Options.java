package dev.shepherd.cli;

import dev.shepherd.error.InvalidInputException;

/** Range checks shared by commands; each failure names the option (exit code 2). */
final class Options {
    private Options() {
    }

    static void check(int port, int maxBatch, long maxBody, double sampleRate) {
        if (port < 0 || port > 65535) {
            throw new InvalidInputException("--port", "--port must be in 0..65535, was " + port);
        }
        if (maxBatch < 1) {
            throw new InvalidInputException("--max-batch", "--max-batch must be at least 1, was " + maxBatch);
        }
        if (maxBody < 1024) {
            throw new InvalidInputException("--max-body", "--max-body must be at least 1024 bytes, was " + maxBody);
        }
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new InvalidInputException("--log-sample-rate", "--log-sample-rate must be in 0..1, was " + sampleRate);
        }
    }
}
