namespace Observability.Simulator.Tests;

public sealed class CounterTests
{
    [Fact]
    public void Render_ScrapesEvery15sForAnHour_CountersNeverDecrease()
    {
        var fleet = new TestFleet(start: TestFleet.Midnight.AddHours(14));
        var last = new Dictionary<string, double>();
        var increased = new HashSet<string>();
        for (var scrape = 0; scrape < 240; scrape++)
        {
            // Odd offsets, so scrapes do not sit on step boundaries.
            fleet.Clock.Advance(TimeSpan.FromSeconds(15.37));
            foreach (var endpoint in fleet.Simulator.Endpoints)
            {
                var text = fleet.Render(endpoint);
                var types = PromText.Types(text);
                foreach (var sample in PromText.Parse(text).Where(s => PromText.IsCumulative(s.Name, types)))
                {
                    var key = endpoint.Path + sample.Name + string.Join(',', sample.Labels);
                    if (last.TryGetValue(key, out var previous))
                    {
                        Assert.True(sample.Value >= previous, $"{key} went from {previous} to {sample.Value}");
                        if (sample.Value > previous)
                        {
                            increased.Add(sample.Name);
                        }
                    }

                    last[key] = sample.Value;
                }
            }
        }

        // The check is only meaningful if the counters actually moved.
        string[] moving =
        [
            "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "vllm:prompt_tokens_total", "vllm:generation_tokens_total",
            "vllm:time_to_first_token_seconds_count", "nv_inference_request_success", "nv_llm_output_token_len_sum",
            "nv_inference_request_duration_us", "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL",
        ];
        Assert.All(moving, name => Assert.Contains(name, increased));
    }
}
