using System.Net;
using System.Text.Json;
using MediaAspire.GpuWorker.Jobs;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Worker;

/// <summary>The worker loads the scoring model as it starts and says so, or says why not, in its /health.</summary>
[Collection(ServersCollection.Name)]
public sealed class ScorerWarmUpTests(ServersFixture servers)
{
    [Fact]
    public async Task A_starting_worker_loads_the_model_and_reports_it_ready_in_its_health()
    {
        await using var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?> { ["Scoring:WarmUp"] = "true" });

        var (status, scoring) = await ScoringHealthAsync(worker, until: "Healthy");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Matches(@"^nsfwjs/mobilenet_v2@4\.4\.0 ready on (cpu|cuda) in \d+ ms\.$", scoring.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_model_that_cannot_load_makes_the_worker_unready_with_the_reason()
    {
        var empty = Directory.CreateTempSubdirectory("mediaaspire-no-model-").FullName;
        await using var worker = new ServiceFactory<JobRunner>(servers, new Dictionary<string, string?>
        {
            ["Scoring:WarmUp"] = "true",
            ["Scoring:ModelDirectory"] = empty,
        });

        var (status, scoring) = await ScoringHealthAsync(worker, until: "Unhealthy");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal($"The scoring model could not be loaded: Scoring:ModelDirectory '{empty}' holds no model.min.js.",
            scoring.GetProperty("description").GetString());
        Directory.Delete(empty);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Scoring)> ScoringHealthAsync(ServiceFactory<JobRunner> worker, string until)
    {
        using var client = worker.CreateClient();
        return await Wait.UntilAsync(async () =>
            {
                using var response = await client.GetAsync("/health");
                var scoring = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("checks").GetProperty("scoring").Clone();
                return (Status: response.StatusCode, Scoring: scoring);
            },
            health => health.Scoring.GetProperty("status").GetString() == until, TimeSpan.FromSeconds(60),
            $"the worker's scoring check to be {until}", health => $"{(int)health.Status} {health.Scoring}", TimeSpan.FromMilliseconds(100));
    }
}
