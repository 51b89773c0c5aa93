namespace MediaAspire.AppHost.Hosting;

/// <summary>Reads the platform's numbers (jobs by state, queue, throughput) from the project the app model marks
/// with <see cref="PlatformStatsAnnotation"/> (the API's /api/stats, with the admin key).</summary>
internal sealed class PlatformStatsClient(HttpClient http, DistributedApplication application)
{
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        var (source, stats) = application.Model.Resources.OfType<ProjectResource>()
            .Select(p => (Project: p, Stats: p.AnnotationsOf<PlatformStatsAnnotation>().LastOrDefault()))
            .FirstOrDefault(p => p.Stats is not null);
        if (stats is null) return null;
        var url = application.Model.EndpointUrls(source)["http"][0];
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}{stats.Path}");
            request.Headers.Add(stats.ApiKeyHeader, stats.ApiKey.Value);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var response = await http.SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return null;
        }
    }
}
