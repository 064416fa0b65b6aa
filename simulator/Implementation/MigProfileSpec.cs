namespace Observability.Simulator.Implementation;

/// <summary>
/// An A100/H100 80GB MIG profile: compute slices out of 7, memory, and the GPU instance ids the
/// driver hands out for it (so GPU_I_ID values look like real ones: 3g → 1/2, 2g → 3-5, 1g → 7-13).
/// </summary>
internal sealed record MigProfileSpec(string Name, int Slices, int MemoryGb, int FbTotalMiB, int[] InstanceIds)
{
    private static readonly MigProfileSpec[] Known =
    [
        new("1g.10gb", 1, 10, 9856, [7, 8, 9, 10, 11, 12, 13]),
        new("2g.20gb", 2, 20, 19968, [3, 4, 5]),
        new("3g.40gb", 3, 40, 40192, [1, 2]),
        new("4g.40gb", 4, 40, 40192, [1]),
        new("7g.80gb", 7, 80, 80896, [0]),
    ];

    public static MigProfileSpec? Find(string name) => Array.Find(Known, p => p.Name == name);

    /// <summary>Share of the whole GPU this instance represents, used to weigh its GPU-seconds.</summary>
    public double GpuFraction => Slices / 7.0;
}
