namespace Observability.Simulator.Implementation;

/// <summary>Where a replica runs: a whole GPU (<see cref="MigInstance"/> = -1) or one MIG instance of it.</summary>
internal readonly record struct DeviceSlot(int Node, int Gpu, int MigInstance)
{
    public bool IsMig => MigInstance >= 0;
}
