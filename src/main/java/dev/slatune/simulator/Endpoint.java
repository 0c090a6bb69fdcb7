package dev.slatune.simulator;

/** The two generation endpoints, which differ only in their JSON shapes. */
public enum Endpoint {
    /** POST /v1/chat/completions */
    CHAT,
    /** POST /v1/completions */
    COMPLETIONS
}
