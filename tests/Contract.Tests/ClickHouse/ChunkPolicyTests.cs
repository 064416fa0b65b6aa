using Observability.ClickHouseStore.Writing;

namespace Observability.Contract.Tests.ClickHouse;

/// <summary>How a table's month of rows is cut into INSERTs: whole when small, in parallel shares when large, never above the cap.</summary>
public sealed class ChunkPolicyTests
{
    [Theory]
    [InlineData(1_000_000, 2, 10_000, 131_072)]
    [InlineData(1_000_000, 2, 131_072, 131_072)]
    [InlineData(1_000_000, 2, 300_000, 150_000)]
    [InlineData(1_000_000, 2, 1_000_000, 500_000)]
    [InlineData(1_000_000, 4, 1_000_000, 250_000)]
    [InlineData(100_000, 2, 1_000_000, 100_000)]
    [InlineData(1_000_000, 1, 1_000_000, 1_000_000)]
    [InlineData(5, 2, 28, 5)]
    public void RowsPerChunk_MonthSize_SplitOnlyLargeMonthsAndNeverAboveTheCap(int maxRows, int parallelism, int monthRows, int expected)
    {
        Assert.Equal(expected, new ChunkPolicy(maxRows, parallelism).RowsPerChunk(monthRows));
    }
}
