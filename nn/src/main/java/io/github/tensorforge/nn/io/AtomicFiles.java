package io.github.tensorforge.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a crash never leaves a partial one: the data goes to a temporary file in the same directory,
 * is forced to disk, and is then renamed over the target atomically. {@link #publishDirectory} does the same for a
 * directory of files that belong together (a model's weights and its config).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file's contents to a stream. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the file's contents.
         *
         * @param out the (buffered) stream of the temporary file; do not close it
         * @throws IOException if writing fails; the target is then left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code data} to {@code target} atomically, as {@link #write(Path, Writer)}.
     *
     * @param target the file to write; replaced if it exists
     * @param data   the complete contents
     * @throws IOException if writing or renaming fails; the target is then left as it was
     */
    public static void write(Path target, byte[] data) throws IOException { write(target, out -> out.write(data)); }

    /**
     * Writes a file atomically: {@code writer} fills a new hidden temporary file ({@code .NAME.RANDOM.tmp}) in the
     * target's directory, which is forced to disk and then renamed over {@code target} (atomically where the file
     * system supports it, else by a plain replacing move). Missing parent directories are created; the temporary file
     * is deleted whatever happens.
     *
     * @param target the file to write; replaced if it exists
     * @param writer what writes the contents
     * @throws IOException if creating, writing, forcing or renaming fails (or {@code writer} throws); the target is
     *                     then left as it was
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: it makes the file owner-only (0600), and the rename would carry that mode over to
        // the model files. CREATE_NEW with a random name gives the usual mode (0666 less the umask).
        Path tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Something that fills a (new, empty) directory. */
    @FunctionalInterface
    public interface DirectoryWriter {
        /**
         * Writes the directory's files.
         *
         * @param dir the new, empty staging directory to fill
         * @throws IOException if writing fails; the staging directory is then deleted and the target left as it was
         */
        void write(Path dir) throws IOException;
    }

    /**
     * Replaces {@code target} with a directory that {@code writer} fills, as a whole: the files are written into a
     * hidden sibling ({@code .NAME.saving-*}), which then takes {@code target}'s place by two renames, so a reader sees
     * the old directory or the new one, never a mix. A kill between the two renames leaves no {@code target} but a
     * complete {@code .NAME.saving-*} and the old {@code .NAME.old-*} beside it ({@link #leftovers} finds them); the
     * next publish removes what interrupted ones left. An existing {@code target} is replaced only when every entry in
     * it is named in {@code replaceable} (or is a hidden temporary file of {@link #write}), so a mistyped path never
     * deletes someone's files.
     *
     * @param target      the directory to create or replace; missing parent directories are created
     * @param replaceable the names of the entries an existing {@code target} may hold
     * @param writer      what fills the new directory
     * @throws IOException if {@code target} exists and is not a directory or holds other entries, or writing or
     *                     renaming fails (or {@code writer} throws)
     */
    public static void publishDirectory(Path target, java.util.Set<String> replaceable, DirectoryWriter writer)
            throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String name = abs.getFileName().toString();
        Files.createDirectories(parent);
        requireReplaceable(abs, replaceable);
        for (Path stale : leftovers(abs)) deleteTree(stale);
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path staging = parent.resolve("." + name + ".saving-" + id);
        Files.createDirectory(staging);
        try {
            writer.write(staging);
        } catch (IOException | RuntimeException | Error e) {
            deleteTree(staging);
            throw e;
        }
        Path old = null;
        if (Files.exists(abs)) {
            old = parent.resolve("." + name + ".old-" + id);
            Files.move(abs, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, abs, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) deleteTree(old);
    }

    /**
     * Refuses to replace {@code dir} when it is not a directory or holds an entry that is not in {@code replaceable}
     * (a missing {@code dir} is fine). Callers check before long work, so a refusal comes first, not last. Hidden
     * temporary files of {@link #write(Path, Writer)} are allowed.
     *
     * @param dir         the directory that would be replaced
     * @param replaceable the names of the entries it may hold
     * @throws IOException if {@code dir} is not a directory, holds another entry, or cannot be listed
     */
    public static void requireReplaceable(Path dir, java.util.Set<String> replaceable) throws IOException {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new IOException(dir + " exists and is not a directory");
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (!replaceable.contains(n) && !isTemporary(n)) {
                    throw new IOException(dir + " holds " + n + ", which is not part of what is saved there; refusing "
                            + "to replace it: choose a new or empty directory");
                }
            }
        }
    }

    /**
     * What interrupted publishes of {@code target} left beside it (hidden saving and old copies).
     *
     * @param target the published directory (which may be missing)
     * @return a new list of the leftover directories ({@code .NAME.saving-*}, {@code .NAME.old-*}), sorted; empty when
     *         the parent directory does not exist
     * @throws IOException if the parent directory cannot be listed
     */
    public static java.util.List<Path> leftovers(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        String prefix = "." + abs.getFileName() + ".";
        java.util.List<Path> out = new java.util.ArrayList<>();
        if (!Files.isDirectory(abs.getParent())) return out;
        try (var entries = Files.list(abs.getParent())) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix) && (n.startsWith(prefix + "saving-") || n.startsWith(prefix + "old-"))
                        && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** A temporary file of {@link #write} that a kill left behind. */
    private static boolean isTemporary(String name) { return name.startsWith(".") && name.endsWith(".tmp"); }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
