package io.github.tensorforge.tests;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What users adopt: the BOM names every published module at the project's version, every module's pom carries the
 * license, and the jars hold LICENSE and NOTICE (issue 24).
 */
class PublishedArtifactsTest {
    /** Modules that are built here but not published. */
    static final Set<String> UNPUBLISHED = Set.of("bom", "tests", "benchmarks");

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    /** Text of the direct child {@code name} of {@code parent}. */
    private static String child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) return e.getTextContent().strip();
        }
        return null;
    }

    @Test void theBomNamesEveryPublishedModuleAtTheProjectsVersion() throws Exception {
        Element root = pom(Path.of("..", "pom.xml")).getDocumentElement();
        Element bom = pom(Path.of("..", "bom", "pom.xml")).getDocumentElement();
        assertEquals(child(root, "version"), child(bom, "version"), "bom/pom.xml's version must be the project's");
        Set<String> published = new TreeSet<>(), managed = new TreeSet<>();
        NodeList modules = root.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String dir = modules.item(i).getTextContent().strip();
            if (UNPUBLISHED.contains(dir)) continue;
            Element m = pom(Path.of("..", dir, "pom.xml")).getDocumentElement();
            published.add(child(m, "artifactId"));
            assertNotNull(child(m, "name"), dir + "/pom.xml has no name");
            assertNotNull(child(m, "description"), dir + "/pom.xml has no description");
        }
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            managed.add(child(d, "artifactId"));
            assertEquals("${project.version}", child(d, "version"));
        }
        assertEquals(published, managed, "the BOM must manage exactly the published modules");
        for (String tag : List.of("url", "licenses", "scm", "developers", "issueManagement")) {
            assertNotNull(child(root, tag), "the parent pom has no <" + tag + ">");
        }
    }

    @Test void everyJarHoldsTheLicenseAndNotice() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String module : List.of("core", "cpu-backend", "nn", "opencl-backend", "cuda-backend")) {
            Path target = Path.of("..", module, "target");
            try (var files = Files.list(target)) {
                files.filter(f -> f.getFileName().toString().matches("tensorforge-.*-SNAPSHOT\\.jar")).forEach(jars::add);
            }
        }
        assertTrue(jars.size() >= 5, "the module jars are built before this module's tests: " + jars);
        String license = Files.readString(Path.of("..", "LICENSE"));
        for (Path jar : jars) {
            try (JarFile j = new JarFile(jar.toFile())) {
                assertNotNull(j.getEntry("META-INF/NOTICE"), jar + " has no META-INF/NOTICE");
                assertEquals(license, new String(j.getInputStream(j.getEntry("META-INF/LICENSE")).readAllBytes(),
                        java.nio.charset.StandardCharsets.UTF_8), jar + ": META-INF/LICENSE");
            }
        }
    }
}
