using MediaAspire.AppHost.Hosting;

namespace MediaAspire.Tests.AppHost;

/// <summary>The AppHost's own Program, built (not started): the environment it gives each service is Aspire's.</summary>
public sealed class AppModelTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("mediaaspire-model-").FullName;

    private Task<DistributedApplication> BuildAsync(params string[] extra) =>
        DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly,
            [$"--StateDirectory={_state}", "--Ports:api=0", .. extra]);

    [Fact]
    public async Task Services_get_exactly_Aspires_variables()
    {
        var app = await BuildAsync("--OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4317");
        app.Model.AssignPorts();
        var environment = new ServiceEnvironment(app.Model, app.Options);

        var api = environment.For(app.Model.Instances.Single(i => i.Name == "api"));
        var worker = environment.For(app.Model.Instances.Single(i => i.Name == "gpuworker"));

        var postgresPort = app.Model.Instances.Single(i => i.Name == "postgres").Port;
        var password = app.ParameterValue("postgres-password");
        Assert.Equal($"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={password};Database=mediadb", api["ConnectionStrings__mediadb"]);
        Assert.Equal((postgresPort.ToString(), "postgres", password, "mediadb"),
            (api["MEDIADB_PORT"], api["MEDIADB_USERNAME"], api["MEDIADB_PASSWORD"], api["MEDIADB_DATABASENAME"]));
        Assert.StartsWith("127.0.0.1:", api["ConnectionStrings__cache"]);
        Assert.Contains($"password={app.ParameterValue("cache-password")}", api["ConnectionStrings__cache"]);
        Assert.Equal($"Path={Path.Combine(_state, "storage")}", api["ConnectionStrings__storage"]);
        Assert.Equal(app.ParameterValue("admin-key"), api["MEDIAASPIRE_ADMIN_KEY"]);
        Assert.Equal(("api", "service.instance.id=api", "http://localhost:4317"),
            (api["OTEL_SERVICE_NAME"], api["OTEL_RESOURCE_ATTRIBUTES"], api["OTEL_EXPORTER_OTLP_ENDPOINT"]));

        var apiPort = app.Model.Instances.Single(i => i.Name == "api").Port;
        Assert.Equal($"http://localhost:{apiPort}", api["ASPNETCORE_URLS"]);
        Assert.Equal($"http://localhost:{apiPort}", worker["services__api__http__0"]);
        Assert.Equal($"http://localhost:{apiPort}", worker["API_HTTP"]);
        Assert.Equal(api["ConnectionStrings__mediadb"], worker["ConnectionStrings__mediadb"]);
        Assert.False(api.ContainsKey("services__api__http__0"));
    }

    [Fact]
    public async Task Replicas_get_distinct_ports_and_instance_ids_and_all_are_discoverable()
    {
        var app = await BuildAsync("--GpuWorker:Replicas=3");
        app.Model.AssignPorts();
        var environment = new ServiceEnvironment(app.Model, app.Options);

        var workers = app.Model.Instances.Where(i => i.Resource.Name == "gpuworker").ToList();

        Assert.Equal(["gpuworker-0", "gpuworker-1", "gpuworker-2"], workers.Select(w => w.Name));
        Assert.Equal(3, workers.Select(w => w.Port).Distinct().Count());
        Assert.Equal("service.instance.id=gpuworker-2", environment.For(workers[2])["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal($"http://localhost:{workers[1].Port}", environment.For(workers[1])["ASPNETCORE_URLS"]);
    }

    [Fact]
    public async Task A_picked_port_taken_by_another_process_moves_and_dependants_see_the_new_one_but_a_configured_port_stays()
    {
        var configured = FreePort.Next();
        var app = await BuildAsync($"--Ports:api={configured}");
        app.Model.AssignPorts();
        var environment = new ServiceEnvironment(app.Model, app.Options);
        var postgres = app.Model.Instances.Single(i => i.Name == "postgres");
        var api = app.Model.Instances.Single(i => i.Name == "api");
        var picked = postgres.Port!.Value;

        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, picked);
        squatter.Start();
        using var apiSquatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, configured);
        apiSquatter.Start();

        Assert.Equal(picked, app.Model.MoveIfPortTaken(postgres));
        Assert.NotEqual(picked, postgres.Port);
        Assert.Contains($"Port={postgres.Port};", environment.For(api)["ConnectionStrings__mediadb"]);
        Assert.Null(app.Model.MoveIfPortTaken(api));
        Assert.Equal(configured, api.Port);
        Assert.Null(app.Model.MoveIfPortTaken(postgres));
    }

    [Fact]
    public async Task Instances_start_after_what_they_wait_for_and_reference_and_stop_in_reverse()
    {
        var app = await BuildAsync("--GpuWorker:Replicas=2");
        // Declared dependants first: the order comes from WaitFor and WithReference, not from declaration.
        var password = new ParameterResource("p", () => "secret", secret: true, generated: false);
        var worker = new ProjectResource("worker", "worker.dll");
        var api = new ProjectResource("api", "api.dll");
        var redis = new RedisResource("cache", password);
        var postgres = new PostgresServerResource("postgres", password);
        var database = new PostgresDatabaseResource("db", "db", postgres);
        worker.Annotations.Add(new ReferenceAnnotation(api));
        worker.Annotations.Add(new WaitAnnotation(redis));
        api.Annotations.Add(new WaitAnnotation(database));
        var shuffled = new DistributedApplicationModel([worker, api, password, redis, database, postgres]);

        // The list is what the orchestrator starts by, and stops in reverse.
        Assert.Equal(["postgres", "cache", "api", "gpuworker-0", "gpuworker-1"], app.Model.StartOrder.Select(i => i.Name));
        Assert.Equal(["cache", "postgres", "api", "worker"], shuffled.StartOrder.Select(i => i.Name));
    }

    [Fact]
    public async Task Generated_secrets_are_kept_across_runs()
    {
        var first = (await BuildAsync()).ParameterValue("postgres-password");
        var second = (await BuildAsync()).ParameterValue("postgres-password");

        Assert.Equal(first, second);
        Assert.Equal(48, first.Length);
    }

    public void Dispose() => Directory.Delete(_state, recursive: true);
}
