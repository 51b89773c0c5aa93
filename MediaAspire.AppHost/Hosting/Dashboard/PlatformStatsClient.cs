namespace MediaAspire.AppHost.Hosting;

/// <summary>Reads the platform's numbers (jobs by state, queue, throughput) from the API's /api/stats with the admin key.</summary>
internal sealed class PlatformStatsClient(HttpClient http, DistributedApplication application)
{
    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        var api = application.Model.Resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "api");
        if (api is null) return null;
        var url = application.Model.EndpointUrls(api)["http"][0];
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{url}/api/stats");
            request.Headers.Add("X-Api-Key", application.ParameterValue("admin-key"));
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
