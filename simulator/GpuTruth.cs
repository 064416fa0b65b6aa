namespace Observability.Simulator;

/// <summary>
/// Truth for one GPU or MIG instance since the simulation start. MIG instances carry busy time
/// but no energy (DCGM reports power per physical GPU); a GPU in MIG mode carries energy but no
/// busy time of its own.
/// </summary>
/// <param name="Node">Node name (the dcgm Hostname label).</param>
/// <param name="Gpu">GPU index (the dcgm gpu label).</param>
/// <param name="Uuid">GPU UUID, shared by a GPU's MIG instances.</param>
/// <param name="MigProfile">GPU_I_PROFILE for a MIG instance, otherwise null.</param>
/// <param name="MigInstanceId">GPU_I_ID for a MIG instance, otherwise null.</param>
/// <param name="Replica">Serving replica on this device, if any.</param>
/// <param name="Model">Model of that replica, if any.</param>
/// <param name="BusySeconds">Seconds during which the device ran at least one request.</param>
/// <param name="EnergyJoules">Energy drawn, the increase of DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION / 1000.</param>
public sealed record GpuTruth(
    string Node,
    int Gpu,
    string Uuid,
    string? MigProfile,
    int? MigInstanceId,
    string? Replica,
    string? Model,
    double BusySeconds,
    double EnergyJoules);
