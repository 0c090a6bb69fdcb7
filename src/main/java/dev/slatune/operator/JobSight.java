package dev.slatune.operator;

/**
 * One load Job of the resource as observed: what the decision needs of it.
 *
 * @param name the Job's name
 * @param generation its {@link JobNames#GENERATION} label (-1 when missing)
 * @param finished whether the Job controller says it is over
 * @param deleting whether it is being deleted already
 * @param outcome what became of it
 */
public record JobSight(String name, long generation, boolean finished, boolean deleting, JobOutcome outcome) {}
