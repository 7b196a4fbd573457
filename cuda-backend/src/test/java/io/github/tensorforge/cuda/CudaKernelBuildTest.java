package io.github.tensorforge.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Build-time checks that need no GPU: the jar carries every kernel source, and when nvcc compiled the kernels, each
 * PTX file defines exactly the extern "C" entry points the backend looks up (a kernel missing from the build, or a
 * renamed one, fails here instead of on a GPU host).
 */
class CudaKernelBuildTest {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    @Test void sourcesTravelInTheJar() {
        for (String module : CudaProbe.KernelBuild.MODULES) {
            byte[] src = CudaProbe.KernelBuild.resource(module + ".cu");
            assertNotNull(src, module + ".cu is not on the classpath");
            String text = new String(src, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("// " + module + ".cu:"), module + ".cu must open with a comment on what it computes");
            assertTrue(text.contains("Launch") || text.contains("launch"), module + ".cu must describe its launch shape");
        }
        assertNotNull(CudaProbe.KernelBuild.resource("common.cuh"), "common.cuh is not on the classpath");
    }

    @Test void everyExpectedKernelIsInThePtx() {
        Assumptions.assumeTrue(CudaProbe.KernelBuild.resource("elementwise.ptx") != null,
                "built without nvcc: the jar carries .cu sources only");
        Set<String> allExpected = new TreeSet<>();
        for (Map.Entry<String, List<String>> e : CudaKernels.EXPECTED.entrySet()) {
            checkEntries(e.getKey() + ".ptx", e.getValue());
            checkEntries(e.getKey() + ".compat.ptx", e.getValue());
            allExpected.addAll(e.getValue());
            assertNotNull(CudaProbe.KernelBuild.resource(e.getKey() + ".fatbin"), e.getKey() + ".fatbin missing");
        }
        CudaProbe.KernelBuild build = CudaProbe.KernelBuild.bundled();
        assertTrue(build.hasPtx() && build.requiredDriverVersion() < Integer.MAX_VALUE,
                "the PTX header names the CUDA release that built it: " + build);
        assertTrue(build.hasCompatPtx() && build.compatDriverVersion() <= 12_000, build.toString());
        assertTrue(build.loadableBy(12_000) && !build.loadableBy(11_080), build.toString());
        System.out.println("[cuda tests] " + allExpected.size() + " kernels present in the PTX, " + build.describe());
    }

    private static void checkEntries(String file, List<String> expected) {
        byte[] ptx = CudaProbe.KernelBuild.resource(file);
        assertNotNull(ptx, file + " missing while elementwise.ptx exists");
        Set<String> entries = new TreeSet<>();
        Matcher m = ENTRY.matcher(new String(ptx, StandardCharsets.US_ASCII));
        while (m.find()) entries.add(m.group(1));
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(entries);
        assertTrue(missing.isEmpty(), file + " lacks kernels " + missing);
        Set<String> unexpected = new TreeSet<>(entries);
        unexpected.removeAll(expected);
        assertTrue(unexpected.isEmpty(), file + " has kernels the backend does not know: " + unexpected);
    }

    @Test void ptxIsaVersionsMapToTheDriversThatAcceptThem() {
        assertEquals(11_000, CudaProbe.KernelBuild.driverForIsa(7, 0));
        assertEquals(11_080, CudaProbe.KernelBuild.driverForIsa(7, 8));
        assertEquals(12_000, CudaProbe.KernelBuild.driverForIsa(8, 0));
        assertEquals(12_050, CudaProbe.KernelBuild.driverForIsa(8, 5));
        assertEquals(12_070, CudaProbe.KernelBuild.driverForIsa(8, 6));
        assertEquals(12_090, CudaProbe.KernelBuild.driverForIsa(8, 8));
        assertEquals(13_000, CudaProbe.KernelBuild.driverForIsa(9, 0));
    }
}
