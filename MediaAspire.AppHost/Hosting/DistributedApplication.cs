using System.Runtime.InteropServices;

namespace MediaAspire.AppHost.Hosting;

/// <summary>
/// The built application: in run mode it starts every resource and the dashboard and runs until
/// Ctrl+C or SIGTERM; with <c>--publisher</c> it writes deployment artefacts instead.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly DistributedApplicationBuilder _builder;
    private DashboardServer? _dashboard;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        Model = new DistributedApplicationModel(builder.Resources);
        Orchestrator = new Orchestrator(Model, builder.Options, builder.State);
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args) =>
        new(DistributedApplicationTestingHooks.ArgumentsFor(args));

    public DistributedApplicationModel Model { get; }
    public Orchestrator Orchestrator { get; }
    public DistributedApplicationOptions Options => _builder.Options;
    public string StateDirectory => _builder.State.Path;
    public Uri? DashboardUrl => _dashboard?.Url;

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync()
    {
        if (Options.IsPublishMode) return Publish();

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });

        var started = DateTimeOffset.UtcNow;
        try
        {
            await StartAsync(stopping.Token);
        }
        catch (Exception e) when (e is MissingDependencyException or PortInUseException)
        {
            Console.Error.WriteLine(e.Message);
            await StopAsync();
            return 1;
        }
        Console.WriteLine($"Dashboard: {DashboardUrl}   (state: {StateDirectory})");
        try
        {
            await Orchestrator.WaitForAllHealthyAsync(stopping.Token);
            Console.WriteLine(ReadyBanner(DateTimeOffset.UtcNow - started));
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (ResourceFailedException e)
        {
            Console.Error.WriteLine(e.Message);
            await StopAsync();
            return 1;
        }
        Console.WriteLine("Stopping…");
        await StopAsync(instance => Console.WriteLine($"  stopped {instance.Name}" + (instance.ExitCode is { } code ? $" (exit code {code})" : "")));
        return 0;
    }

    /// <summary>The publishers <c>--publisher</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Publishers = ["manifest", "kubernetes"];

    /// <summary>Writes the deployment artefacts of <c>--publisher manifest|kubernetes</c> to <c>--output-path</c>.</summary>
    /// <returns>The exit code: 0, or 2 for a usage error (unknown publisher, no output path), said on standard error.</returns>
    public int Publish()
    {
        if (!Publishers.Contains(Options.Publisher))
        {
            Console.Error.WriteLine(string.IsNullOrEmpty(Options.Publisher)
                ? $"--publisher needs a name: {string.Join(" or ", Publishers)}."
                : $"Unknown publisher '{Options.Publisher}': use {string.Join(" or ", Publishers)}.");
            return 2;
        }
        if (string.IsNullOrEmpty(Options.OutputPath))
        {
            Console.Error.WriteLine("--output-path is required with --publisher (a file for manifest, a directory for kubernetes).");
            return 2;
        }
        if (Options.Publisher == "manifest")
            new ManifestPublisher(Model).Publish(Options.OutputPath);
        else
            new KubernetesPublisher(Model, new KubernetesPublishOptions(
                _builder.Configuration["Publish:Registry"] ?? "mediaaspire",
                _builder.Configuration["Publish:Tag"] ?? "latest")).Publish(Options.OutputPath);
        Console.WriteLine($"Wrote the {Options.Publisher} output to {Path.GetFullPath(Options.OutputPath)}");
        return 0;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Model.AssignPorts();
        // The dashboard first: if its port is taken, nothing else has been started yet.
        var dashboardPort = Options.DashboardPort ?? 18888;
        try
        {
            _dashboard = await DashboardServer.StartAsync(this, dashboardPort, cancellationToken);
        }
        catch (IOException e)
        {
            throw new PortInUseException("dashboard", dashboardPort, e);
        }
        Orchestrator.Start();
    }

    /// <param name="stopped">Told of each instance once it has stopped (dependants first).</param>
    public async Task StopAsync(Action<ResourceInstance>? stopped = null)
    {
        await Orchestrator.StopAsync(stopped);
        if (_dashboard is not null) await _dashboard.DisposeAsync();
        _dashboard = null;
    }

    /// <summary>A client for a project's endpoint, as Aspire.Hosting.Testing's CreateHttpClient.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http")
    {
        var project = Model.Get<ProjectResource>(resourceName);
        return new HttpClient { BaseAddress = new Uri(Model.EndpointUrls(project)[endpointName][0]) };
    }

    public string ParameterValue(string name) => Model.Get<ParameterResource>(name).Value;

    public async ValueTask DisposeAsync() => await StopAsync();

    private string ReadyBanner(TimeSpan elapsed)
    {
        var lines = new List<string> { "", $"MediaAspire is up (all resources healthy in {elapsed.TotalSeconds:F1} s)." };
        foreach (var project in Model.Resources.OfType<ProjectResource>())
            lines.Add($"  {project.Name,-12} {string.Join(", ", Model.EndpointUrls(project).SelectMany(e => e.Value))}");
        lines.Add($"  {"dashboard",-12} {DashboardUrl}");
        foreach (var parameter in Model.Resources.OfType<ParameterResource>())
            foreach (var banner in parameter.AnnotationsOf<StartupBannerAnnotation>())
                lines.Add($"  {banner.Label,-12} {parameter.Value}");
        lines.Add("Press Ctrl+C to stop.");
        lines.Add("");
        return string.Join(Environment.NewLine, lines);
    }
}
