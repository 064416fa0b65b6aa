using System.Text;
using Observability.Collectors.Exposition;
using Observability.Exposition.Tests.Support;

namespace Observability.Exposition.Tests;

/// <summary>Steady-state parses must not allocate: every buffer is reused, every name and value is a view.</summary>
public class AllocationTests
{
    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void Parse_SteadyState_AllocatesNothing(ExpositionFormat format)
    {
        var body = Body(format);
        var parser = new ExpositionParser();
        var sink = new CountingSink();
        for (var warm = 0; warm < 3; warm++)
        {
            Assert.True(parser.Parse(body, format, ref sink).Ok);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = parser.Parse(body, format, ref sink);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Parse_DcgmCaptureTwice_AllocatesNothingTheSecondTime()
    {
        var body = Fixtures.Read("dcgm-h100-k8s-aicr.prom");
        var parser = new ExpositionParser();
        var sink = new CountingSink();
        Assert.True(parser.Parse(body, ExpositionFormat.PrometheusText, ref sink).Ok);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = parser.Parse(body, ExpositionFormat.PrometheusText, ref sink);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(30, result.Samples);
        Assert.Equal(0, allocated);
    }

    /// <summary>Gauges, a histogram, escaped values and timestamps: every path of the hot loop.</summary>
    private static byte[] Body(ExpositionFormat format)
    {
        var sb = new StringBuilder();
        for (var family = 0; family < 40; family++)
        {
            sb.Append($"# HELP g{family} Gauge {family}.\n# TYPE g{family} gauge\n");
            for (var gpu = 0; gpu < 8; gpu++)
            {
                sb.Append($"g{family}{{gpu=\"{gpu}\",UUID=\"GPU-{gpu:x8}-0000\",path=\"C:\\\\x\\\\{gpu}\",modelName=\"NVIDIA H100\"}} {family * 1.5 + gpu} 1700000000{(format == ExpositionFormat.OpenMetrics ? ".5" : "000")}\n");
            }
        }

        sb.Append("# TYPE h histogram\n");
        foreach (var le in new[] { "0.1", "1", "+Inf" })
        {
            sb.Append($"h_bucket{{le=\"{le}\"}} 3\n");
        }

        sb.Append("h_count 3\nh_sum 0.5\n");
        if (format == ExpositionFormat.OpenMetrics)
        {
            sb.Append("# EOF\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
