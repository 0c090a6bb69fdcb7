package dev.slatune.it.kubelet;

import java.util.List;
import java.util.Map;

/**
 * What a kubelet would hand to the container runtime for a pod's first container, already
 * resolved: the container's {@code command} and {@code args} with {@code $(VAR)} references
 * expanded, and its environment with every {@code valueFrom} read from the API server.
 *
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param container the container's name
 * @param image the container's image (the stand-in never pulls it)
 * @param command the container's {@code command}, empty when the image's entrypoint applies
 * @param args the container's {@code args}
 * @param env the container's environment, in declaration order
 * @param terminationMessagePath the file the container writes its termination message to
 * @param fallbackToLogsOnError the policy {@code FallbackToLogsOnError}: a failed container with
 *     an empty message file reports the tail of its log instead
 */
public record ContainerLaunch(
        String namespace,
        String pod,
        String container,
        String image,
        List<String> command,
        List<String> args,
        Map<String, String> env,
        String terminationMessagePath,
        boolean fallbackToLogsOnError) {}
