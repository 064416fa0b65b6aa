using Microsoft.Extensions.Options;
using Observability.Ingest.Spool;

namespace Observability.Ingest.Tests.Spool;

public sealed class SpoolOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_NeedOnlyADirectory()
    {
        Assert.True(new SpoolOptionsValidator().Validate(null, new SpoolOptions { Directory = "/var/lib/obs/spool" }).Succeeded);
    }

    [Fact]
    public void Validate_EveryProblem_ReportedAtOnceByName()
    {
        var result = new SpoolOptionsValidator().Validate(null, new SpoolOptions
        {
            Directory = " ",
            MaxBytes = 50,
            MaxSegmentBytes = 100,
            InitialReplayDelay = TimeSpan.Zero,
            MaxReplayDelay = TimeSpan.FromDays(100),
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Directory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxSegmentBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxBytes", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("InitialReplayDelay", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MaxReplayDelay", StringComparison.Ordinal));
    }

    [Fact]
    public void SpoolingStore_InvalidOptions_RefusedBeforeTouchingTheDisk()
    {
        Assert.Throws<OptionsValidationException>(() => new SpoolingStore(Support.StoreSql.InMemory(), new SpoolOptions()));
    }
}
