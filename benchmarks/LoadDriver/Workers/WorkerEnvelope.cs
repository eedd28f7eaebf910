namespace LoadDriver.Workers;

internal readonly record struct WorkerEnvelope(int Worker, WorkerReport Report);
