package dev.slatune.it.kubelet;

/**
 * A container cannot be started because its configuration does not resolve (a missing Secret or
 * key): the kubelet leaves such a pod waiting with reason {@code CreateContainerConfigError}.
 */
public class ContainerConfigException extends Exception {

    public ContainerConfigException(String message) {
        super(message);
    }
}
