namespace Observability.Collectors.Tests.Support;

/// <summary>
/// Tests that count scrapes or threads against the wall clock. They run alone, after the parallel tests, so that on a
/// two-core machine the other test classes' work does not stand in for the delays they are checking.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulingTimingCollection
{
    public const string Name = "scheduling timing";
}
