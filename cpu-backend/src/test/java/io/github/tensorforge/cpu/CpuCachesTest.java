package io.github.tensorforge.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuCachesTest {
    @Test
    void readsTheLevel1DataCacheAndSkipsTheInstructionCache(@TempDir Path dir) throws Exception {
        write(dir.resolve("index0"), "1", "Instruction", "64K");
        write(dir.resolve("index1"), "1", "Data", "48K");
        write(dir.resolve("index2"), "2", "Unified", "2048K");
        assertEquals(48 << 10, CpuCaches.l1d(dir));
    }

    @Test
    void fallsBackTo32KiBWhenSysfsIsMissingOrUnreadable(@TempDir Path dir) throws Exception {
        assertEquals(32 << 10, CpuCaches.l1d(dir.resolve("absent")));
        write(dir.resolve("index0"), "1", "Data", "lots");
        assertEquals(32 << 10, CpuCaches.l1d(dir));
    }

    @Test
    void parsesSysfsSizes() {
        assertEquals(48 << 10, CpuCaches.parseSize("48K"));
        assertEquals(32 << 20, CpuCaches.parseSize("32M"));
        assertEquals(4096, CpuCaches.parseSize("4096"));
        assertEquals(-1, CpuCaches.parseSize(""));
        assertEquals(-1, CpuCaches.parseSize("-4K"));
    }

    @Test
    void theKBlockFollowsL1AndStaysInItsBounds() {
        assertTrue(CpuGemm.KC >= 128 && CpuGemm.KC <= 512 && CpuGemm.KC % 64 == 0, "kc " + CpuGemm.KC);
        if (Integer.getInteger("tensorforge.cpu.gemm.kc") == null) {
            int expected = Math.max(128, Math.min(512, CpuCaches.L1D / (CpuGemm.NR * Float.BYTES) / 64 * 64));
            assertEquals(expected, CpuGemm.KC);
            assertEquals(CpuGemm.KC, CpuGemm64.KC, "both element types block k alike");
        }
    }

    private static void write(Path index, String level, String type, String size) throws Exception {
        Files.createDirectories(index);
        Files.writeString(index.resolve("level"), level + "\n");
        Files.writeString(index.resolve("type"), type + "\n");
        Files.writeString(index.resolve("size"), size + "\n");
    }
}
