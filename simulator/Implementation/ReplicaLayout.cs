namespace Observability.Simulator.Implementation;

/// <summary>Replica <paramref name="Replica"/> of model <paramref name="Model"/> and the devices it occupies (all on one node).</summary>
internal sealed record ReplicaLayout(int Model, int Replica, DeviceSlot[] Slots)
{
    public int Node => Slots[0].Node;
}
