using Observability.RemoteWrite.Protocol;

namespace Observability.RemoteWrite.Tests.Support;

/// <summary>Small valid requests to damage or resend.</summary>
internal static class SampleBodies
{
    public const string Page = """
        DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-aaaa",Hostname="gpu-07"} 40
        DCGM_FI_DEV_GPU_UTIL{gpu="1",UUID="GPU-bbbb",Hostname="gpu-07"} 10
        DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-aaaa",Hostname="gpu-07"} 1000
        vllm:num_requests_running{model_name="m",engine="0"} 3
        vllm:prompt_tokens_total{model_name="m",engine="0"} 100

        """;

    public static WriteRequest Request(long timestampMs, string instance = "10.0.0.7:9400") =>
        WriteRequests.From(ExposedSample.Parse(Page), timestampMs, "node", instance);

    public static byte[] Body(long timestampMs, string instance = "10.0.0.7:9400") => WriteRequests.Encode(Request(timestampMs, instance));

    public static long Now(IntakeUnderTest intake) => intake.Time.GetUtcNow().ToUnixTimeMilliseconds();
}
