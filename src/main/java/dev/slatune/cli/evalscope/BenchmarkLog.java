package dev.slatune.cli.evalscope;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * EvalScope's {@code benchmark.log}: everything a run prints on stderr (notes, progress, verdicts), also
 * written to {@code <dir>/benchmark.log}. Closing it closes the file, never the console.
 */
public final class BenchmarkLog implements AutoCloseable {

    private final OutputStream file;
    private final PrintStream stream;

    private BenchmarkLog(OutputStream file, PrintStream stream) {
        this.file = file;
        this.stream = stream;
    }

    /** Creates {@code dir} if needed and starts the log there; lines go to {@code console} too. */
    public static BenchmarkLog open(Path dir, PrintStream console) throws IOException {
        Files.createDirectories(dir);
        OutputStream file = Files.newOutputStream(dir.resolve("benchmark.log"));
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                console.write(b);
                file.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                console.write(b, off, len);
                file.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                console.flush();
                file.flush();
            }
        };
        return new BenchmarkLog(file, new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    /** The stream to print to. */
    public PrintStream stream() {
        return stream;
    }

    @Override
    public void close() throws IOException {
        stream.flush();
        file.close();
    }
}
