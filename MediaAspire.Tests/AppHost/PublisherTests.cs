using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MediaAspire.Api.ApiKeys;
using MediaAspire.Hosting;
using MediaAspire.Hosting.Kubernetes.Models;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The built AppHost publishing, run as the user runs it: Aspire's own manifest (<c>--publisher manifest</c>) and our
/// kustomize tree (<c>--publisher kubernetes</c>), each twice to check the output is stable, with fixed secrets so it
/// can be compared with the golden files in TestData/publish (regenerate them with MEDIAASPIRE_UPDATE_GOLDEN=1).
/// The trees are built with the real <c>kubectl kustomize</c> and read back through KubernetesClient's typed models.
/// </summary>
public sealed class PublisherTests(PublishedOutput published) : IClassFixture<PublishedOutput>
{
    [Fact]
    public void The_manifest_is_stable_and_matches_the_golden_file()
    {
        var first = File.ReadAllText(published.Manifest);

        Assert.Equal(first, File.ReadAllText(published.ManifestAgain));
        AssertGolden("aspire-manifest.json", Normalized(first));
    }

    [Fact]
    public void The_manifest_is_Aspires_own_with_containers_for_the_backing_services_and_every_expression_resolves()
    {
        var text = File.ReadAllText(published.Manifest);
        using var manifest = JsonDocument.Parse(text);
        var resources = manifest.RootElement.GetProperty("resources");
        string Type(string name) => resources.GetProperty(name).GetProperty("type").GetString()!;

        Assert.Equal(["container.v0", "container.v0", "container.v0", "container.v0"], new[] { "postgres", "cache", "storage", "rtmp" }.Select(Type));
        Assert.Equal(["project.v0", "project.v0"], new[] { "api", "gpuworker" }.Select(Type));
        Assert.All(new[] { "admin-key", "postgres-password", "cache-password", "storage-access-key", "storage-secret-key" }, name =>
        {
            Assert.Equal("parameter.v0", Type(name));
            var input = resources.GetProperty(name).GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean(), $"{name} is not secret");
            Assert.True(input.GetProperty("default").TryGetProperty("generate", out _), $"{name} is not generated");
        });
        Assert.DoesNotContain(resources.EnumerateObject(), r => Type(r.Name) == "executable.v0");
        foreach (var project in new[] { "api", "gpuworker" })
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(published.Manifest)!, resources.GetProperty(project).GetProperty("path").GetString()!)));

        var expressions = Regex.Matches(text, @"\{([a-z0-9-]+)\.([a-zA-Z0-9.]+)\}").ToList();
        Assert.True(expressions.Count > 30, $"only {expressions.Count} expressions");
        foreach (var expression in expressions)
        {
            var name = expression.Groups[1].Value;
            var path = expression.Groups[2].Value.Split('.');
            Assert.True(resources.TryGetProperty(name, out var target), $"{expression.Value}: no resource '{name}'");
            switch (path[0])
            {
                case "connectionString":
                    Assert.True(target.TryGetProperty("connectionString", out _), $"{expression.Value}: no connection string");
                    break;
                case "bindings":
                    Assert.True(target.GetProperty("bindings").TryGetProperty(path[1], out _), $"{expression.Value}: no binding");
                    Assert.Contains(path[2], new[] { "host", "port", "url", "targetPort", "scheme" });
                    break;
                case "value" or "inputs":
                    Assert.Contains(target.GetProperty("type").GetString(), new[] { "parameter.v0", "annotated.string" });
                    break;
                default:
                    Assert.Fail($"{expression.Value}: unknown expression");
                    break;
            }
        }
    }

    [Fact]
    public void Kubernetes_output_is_stable_and_matches_the_golden_files()
    {
        var files = Files(published.Kubernetes);

        Assert.Equal(["base/api.yaml", "base/cache.yaml", "base/gpuworker.yaml", "base/kustomization.yaml", "base/parameters-secret.yaml",
            "base/postgres.yaml", "base/rtmp.yaml", "base/storage.yaml", "overlays/autoscale/gpuworker-scaledobject.yaml", "overlays/autoscale/kustomization.yaml",
            "overlays/gpu/gpuworker-gpu.yaml", "overlays/gpu/kustomization.yaml"], files);
        Assert.Equal(files, Files(published.KubernetesAgain));
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(published.Kubernetes, file)), File.ReadAllText(Path.Combine(published.KubernetesAgain, file)));
            AssertGolden(Path.Combine("kubernetes", file), File.ReadAllText(Path.Combine(published.Kubernetes, file)));
        }
    }

    [Fact]
    public async Task Both_publish_commands_write_the_same_tree()
    {
        // What `aspire publish` runs: Aspire's publish step, which requires ours.
        var output = Path.Combine(published.Work, "step");
        await AppHostPublish.RunAsync(published.Work, ["--operation", "publish", "--step", "publish", "--output-path", output, .. PublishedOutput.FixedSecrets]);

        Assert.Equal(Files(published.Kubernetes), Files(output));
        foreach (var file in Files(output))
            Assert.Equal(File.ReadAllText(Path.Combine(published.Kubernetes, file)), File.ReadAllText(Path.Combine(output, file)));
    }

    [Fact]
    public async Task Kustomize_builds_the_base_into_valid_objects_whose_references_all_resolve()
    {
        var objects = await KustomizeAsync(Path.Combine(published.Kubernetes, "base"));
        var deployments = objects.OfType<V1Deployment>().ToList();
        var statefulSets = objects.OfType<V1StatefulSet>().ToList();
        var services = objects.OfType<V1Service>().ToList();
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var secretValues = secrets["mediaaspire-parameters"].StringData.Values.ToList();

        Assert.Equal(["admin-key", "cache-password", "postgres-password", "storage-access-key", "storage-secret-key"],
            secrets["mediaaspire-parameters"].StringData.Keys.Order());
        Assert.Equal(["api", "gpuworker", "rtmp"], deployments.Select(d => d.Metadata.Name).Order());
        Assert.Equal(["cache", "postgres", "storage"], statefulSets.Select(s => s.Metadata.Name).Order());
        Assert.Equal(["api", "cache", "gpuworker", "postgres", "rtmp", "storage"], services.Select(s => s.Metadata.Name).Order());
        // RTMP ingest has a Service of its own on 1935, checked for readiness by TCP.
        Assert.Equal(("rtmp", 1935), (services.Single(s => s.Metadata.Name == "rtmp").Spec.Ports.Single().Name, services.Single(s => s.Metadata.Name == "rtmp").Spec.Ports.Single().Port));
        Assert.Equal("rtmp", Containers(objects).Single(c => c.Name == "rtmp").ReadinessProbe.TcpSocket.Port.Value);
        Assert.All(statefulSets, s => Assert.Equal("data", s.Spec.VolumeClaimTemplates.Single().Metadata.Name));
        Assert.All(objects.OfType<IKubernetesObject<V1ObjectMeta>>(), o => Assert.Equal("mediaaspire", o.Metadata.Labels?["app.kubernetes.io/part-of"]));
        var podLabels = deployments.Select(d => d.Spec.Template.Metadata.Labels).Concat(statefulSets.Select(s => s.Spec.Template.Metadata.Labels)).ToList();
        foreach (var service in services)
        {
            Assert.Contains(podLabels, l => service.Spec.Selector.All(kv => l.TryGetValue(kv.Key, out var v) && v == kv.Value));
            var container = Containers(objects).Single(c => c.Name == service.Metadata.Name);
            Assert.All(service.Spec.Ports, p => Assert.Contains(container.Ports, cp => cp.Name == p.TargetPort.Value && cp.ContainerPort == p.Port));
        }

        foreach (var container in Containers(objects))
        {
            Assert.NotNull(container.Resources?.Requests);
            Assert.NotNull(container.Resources?.Limits);
            Assert.NotNull(container.ReadinessProbe);
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } map) Assert.True(configMaps.ContainsKey(map.Name), $"missing ConfigMap {map.Name}");
                if (source.SecretRef is { } secret) Assert.True(secrets.ContainsKey(secret.Name), $"missing Secret {secret.Name}");
            }
        }
        foreach (var deployment in deployments.Where(d => d.Metadata.Name is "api" or "gpuworker"))
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            Assert.Equal(("/health", "/alive"), (container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path));
            Assert.Equal((true, false), (container.SecurityContext.RunAsNonRoot, container.SecurityContext.AllowPrivilegeEscalation));
        }
        // Secrets never in plain ConfigMaps, nor in a container's arguments.
        Assert.All(configMaps.Values.SelectMany(c => c.Data.Values), value => Assert.DoesNotContain(secretValues, s => value.Contains(s, StringComparison.Ordinal)));
        Assert.All(Containers(objects).SelectMany(c => c.Args ?? []), arg => Assert.DoesNotContain(secretValues, s => arg.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_variable_a_service_reads_at_start_up_is_provided_with_in_cluster_addresses()
    {
        var objects = await KustomizeAsync(Path.Combine(published.Kubernetes, "base"));
        string[] platform =
        [
            $"ConnectionStrings__{DatabaseExtensions.ConnectionName}",
            $"ConnectionStrings__{QueueExtensions.ConnectionName}",
            $"ConnectionStrings__{StorageExtensions.ConnectionName}",
        ];

        var api = ProvidedVariables(objects, "api");
        var worker = ProvidedVariables(objects, "gpuworker");

        Assert.All([.. platform, AdminKeyBootstrapper.EnvironmentVariable, "OTEL_SERVICE_NAME", "HTTP_PORTS"], v => Assert.Contains(v, api.Keys));
        Assert.All([.. platform, "services__api__http__0", "OTEL_SERVICE_NAME", "HTTP_PORTS"], v => Assert.Contains(v, worker.Keys));
        Assert.Equal("Host=postgres;Port=5432;Username=postgres;Password=pg-secret-1;Database=mediadb", worker["ConnectionStrings__mediadb"]);
        Assert.Equal("cache:6379,password=redis-secret-2", worker["ConnectionStrings__cache"]);
        Assert.Equal("Endpoint=http://storage:9000;AccessKey=s3-access-3;SecretKey=s3-secret-4;Bucket=mediaaspire", worker["ConnectionStrings__storage"]);
        Assert.Equal("http://api:8080", worker["services__api__http__0"]);
        Assert.Equal(("rtmp://rtmp:1935", "rtmp://rtmp:1935"), (api["services__rtmp__rtmp__0"], worker["services__rtmp__rtmp__0"]));
        // nginx-rtmp asks the API, at its in-cluster address, who may publish.
        var nginxConf = ProvidedVariables(objects, "rtmp")["NGINX_RTMP_CONF"];
        Assert.Contains("on_publish http://api:8080/api/live/hooks/publish;", nginxConf);
        Assert.Contains("listen 1935;", nginxConf);
        Assert.Equal(("8080", "admin-secret-5"), (api["HTTP_PORTS"], api[AdminKeyBootstrapper.EnvironmentVariable]));
        Assert.Equal(("pg-secret-1", "redis-secret-2", "s3-access-3"),
            (ProvidedVariables(objects, "postgres")["POSTGRES_PASSWORD"], ProvidedVariables(objects, "cache")["REDIS_PASSWORD"],
             ProvidedVariables(objects, "storage")["MINIO_ROOT_USER"]));
    }

    [Fact]
    public async Task The_gpu_overlay_puts_the_worker_on_a_GPU_node_with_the_CUDA_image()
    {
        var output = Path.Combine(published.Work, "registry");
        await AppHostPublish.RunAsync(published.Work, ["--publisher", "kubernetes", "--output-path", output, "--Publish:Registry=ghcr.io/acme", "--Publish:Tag=1.2.3"]);

        var plain = (await KustomizeAsync(Path.Combine(output, "base"))).OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        var gpu = (await KustomizeAsync(Path.Combine(output, "overlays", "gpu"))).OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        var worker = gpu["gpuworker"].Spec.Template.Spec;
        var container = worker.Containers.Single();

        Assert.Equal("ghcr.io/acme/mediaaspire-gpuworker:1.2.3", plain["gpuworker"].Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal("ghcr.io/acme/mediaaspire-rtmp:1.2.3", plain["rtmp"].Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal("ghcr.io/acme/mediaaspire-gpuworker:1.2.3-cuda", container.Image);
        Assert.Equal("1", container.Resources.Limits["nvidia.com/gpu"].ToString());
        // The patch adds to the base container, it does not replace it.
        Assert.Equal(("8Gi", "/health"), (container.Resources.Limits["memory"].ToString(), container.ReadinessProbe.HttpGet.Path));
        Assert.Equal("true", worker.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (worker.Tolerations.Single().Key, worker.Tolerations.Single().OperatorProperty, worker.Tolerations.Single().Effect));
        // The API stays as it is.
        Assert.Equal(KubernetesYaml.Serialize(plain["api"]), KubernetesYaml.Serialize(gpu["api"]));
    }

    [Fact]
    public async Task The_autoscale_overlay_sizes_the_workers_on_the_job_streams_length_one_replica_per_concurrent_job()
    {
        var objects = await KustomizeAsync(Path.Combine(published.Kubernetes, "overlays", "autoscale"));
        var scaled = objects.OfType<KedaScaledObject>().Single();
        var trigger = scaled.Spec.Triggers.Single();
        var authentication = objects.OfType<KedaTriggerAuthentication>().Single(a => a.Metadata.Name == trigger.AuthenticationRef!.Name);
        var target = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == scaled.Spec.ScaleTargetRef.Name);
        var worker = ProvidedVariables(objects, "gpuworker");
        var address = trigger.Metadata["address"].Split(':');
        var redis = objects.OfType<V1Service>().Single(s => s.Metadata.Name == address[0]);
        var password = authentication.Spec.SecretTargetRef.Single();

        Assert.Equal("gpuworker", target.Metadata.Name);
        Assert.Equal((1, 8), (scaled.Spec.MinReplicaCount, scaled.Spec.MaxReplicaCount));
        Assert.Equal("redis-streams", trigger.Type);
        // streamLength mode: no consumer group (with one, KEDA would count pending entries, at most Concurrency per pod).
        Assert.Equal(["address", "stream", "streamLength"], trigger.Metadata.Keys.Order());
        Assert.Equal(new JobQueueOptions().StreamKey, trigger.Metadata["stream"]);
        Assert.Equal(worker["Worker__Concurrency"], trigger.Metadata["streamLength"]);
        Assert.Equal("2", trigger.Metadata["streamLength"]);
        Assert.Equal((worker["CACHE_HOST"], worker["CACHE_PORT"]), (address[0], address[1]));
        Assert.Contains(redis.Spec.Ports, p => p.Port.ToString() == address[1]);
        Assert.Equal("password", password.Parameter);
        Assert.Equal(worker["CACHE_PASSWORD"], objects.OfType<V1Secret>().Single(s => s.Metadata.Name == password.Name).StringData[password.Key]);
    }

    [Fact]
    public async Task Generated_deployment_secrets_are_kept_across_publishes_and_differ_from_the_local_run()
    {
        var work = Directory.CreateTempSubdirectory("mediaaspire-secrets-").FullName;
        try
        {
            string[] generated = ["admin-key", "postgres-password", "cache-password"];
            // What a local run generates for the same names (AddGeneratedSecret's run-mode value) in the same state directory.
            var local = generated.ToDictionary(n => n, StateDirectory.Resolve(Path.Combine(work, "state")).Secret);
            await AppHostPublish.RunAsync(work, ["--publisher", "kubernetes", "--output-path", Path.Combine(work, "a")]);
            await AppHostPublish.RunAsync(work, ["--publisher", "kubernetes", "--output-path", Path.Combine(work, "b")]);

            var first = ParameterSecret(Path.Combine(work, "a"));
            var kept = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(work, "state", "secrets.json")))!;

            Assert.Equal(first, ParameterSecret(Path.Combine(work, "b")));
            Assert.Equal(5, first.Count);
            Assert.All(first, p => Assert.Equal(kept[$"publish-{p.Key}"], p.Value));
            Assert.All(first.Values, v => Assert.True(v.Length >= 32, v));
            Assert.All(generated, name => Assert.NotEqual(local[name], first[name]));
            Assert.Equal(local, generated.ToDictionary(n => n, n => kept[n]));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Publishing_without_an_output_path_fails_with_the_reason_and_a_failing_exit_code()
    {
        var (exitCode, output) = await AppHostPublish.TryRunAsync(published.Work, ["--publisher", "kubernetes"]);

        Assert.Equal(1, exitCode);
        Assert.Contains("The Kubernetes publisher needs '--output-path <directory>'", output);
    }

    [Fact]
    public async Task The_API_publishes_a_container_image_on_port_8080_named_as_the_manifests_expect()
    {
        using var evaluated = await EvaluateProjectAsync("MediaAspire.Api", "-getProperty:ContainerRepository", "-getProperty:ContainerFamily", "-getItem:ContainerPort");
        var image = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(published.Kubernetes, "base", "api.yaml")))
            .OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();

        var repository = evaluated.RootElement.GetProperty("Properties").GetProperty("ContainerRepository").GetString();
        Assert.Equal("mediaaspire-api", repository);
        Assert.Equal("noble-chiseled", evaluated.RootElement.GetProperty("Properties").GetProperty("ContainerFamily").GetString());
        Assert.Equal("8080", evaluated.RootElement.GetProperty("Items").GetProperty("ContainerPort")[0].GetProperty("Identity").GetString());
        Assert.Equal($"mediaaspire/{repository}:latest", image.Image);
        Assert.Equal(8080, image.Ports.Single().ContainerPort);
    }

    [Fact]
    public async Task The_CUDA_build_of_the_worker_swaps_the_libtorch_package_and_nothing_else()
    {
        // Evaluation only: TorchSharp-cuda-linux is not served here, so it is never restored.
        using var cpu = await EvaluateProjectAsync("MediaAspire.GpuWorker", "-getItem:PackageReference");
        using var cuda = await EvaluateProjectAsync("MediaAspire.GpuWorker", "-getItem:PackageReference", "-p:TorchBackend=cuda");

        static List<string> Packages(JsonDocument evaluated) =>
            evaluated.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray().Select(p => p.GetProperty("Identity").GetString()!).Order().ToList();
        var onCpu = Packages(cpu);
        var onCuda = Packages(cuda);

        Assert.Contains("TorchSharp-cpu", onCpu);
        Assert.DoesNotContain("TorchSharp-cuda-linux", onCpu);
        Assert.Contains("TorchSharp-cuda-linux", onCuda);
        Assert.DoesNotContain("TorchSharp-cpu", onCuda);
        Assert.Equal(onCpu.Where(p => p != "TorchSharp-cpu"), onCuda.Where(p => p != "TorchSharp-cuda-linux"));
    }

    private static readonly Dictionary<string, Type> KustomizeTypes = new()
    {
        [$"{KedaScaledObject.Version}/ScaledObject"] = typeof(KedaScaledObject),
        [$"{KedaScaledObject.Version}/TriggerAuthentication"] = typeof(KedaTriggerAuthentication),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
    };

    /// <summary>
    /// <c>kubectl kustomize</c> (offline) on a base or overlay: every resource and patch must exist and apply; each
    /// object is read back with its typed model, strictly (an unknown field fails).
    /// </summary>
    private static async Task<List<object>> KustomizeAsync(string directory)
    {
        var (exitCode, output) = await Run.ToEndAsync("kubectl", ["kustomize", directory], directory);
        Assert.True(exitCode == 0, $"kubectl kustomize {directory} failed: {output}");
        return KubernetesYaml.LoadAllFromString(output, KustomizeTypes, strict: true);
    }

    /// <summary>What the service's container gets: its own env and every key of the ConfigMaps and Secrets it reads.</summary>
    private static Dictionary<string, string> ProvidedVariables(List<object> objects, string service)
    {
        var container = Containers(objects).Single(c => c.Name == service);
        var provided = (container.Env ?? []).ToDictionary(e => e.Name, e => e.Value ?? "");
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } map)
                foreach (var (key, value) in objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == map.Name).Data) provided[key] = value;
            if (source.SecretRef is { } secret)
                foreach (var (key, value) in objects.OfType<V1Secret>().Single(s => s.Metadata.Name == secret.Name).StringData) provided[key] = value;
        }
        return provided;
    }

    private static IEnumerable<V1Container> Containers(List<object> objects) =>
        objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(objects.OfType<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers));

    private static IDictionary<string, string> ParameterSecret(string output) =>
        KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(output, "base", "parameters-secret.yaml"))).OfType<V1Secret>().Single().StringData;

    private static List<string> Files(string root) =>
        [.. Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// <c>dotnet msbuild -getProperty/-getItem</c> on a project of the solution: its evaluated properties and items as JSON.
    /// </summary>
    private static async Task<JsonDocument> EvaluateProjectAsync(string project, params string[] arguments)
    {
        var (exitCode, output) = await Run.ToEndAsync("dotnet", ["msbuild", Path.Combine(RepositoryRoot.Path, project, $"{project}.csproj"), .. arguments],
            RepositoryRoot.Path, separateErrors: true);
        Assert.True(exitCode == 0, $"msbuild failed: {output}");
        return JsonDocument.Parse(output);
    }

    /// <summary>
    /// Where the manifest was written and the AppHost's path show in it (projects' paths relative to the manifest, the
    /// volume names' hash of the AppHost's directory): neither is part of the app model.
    /// </summary>
    private static string Normalized(string manifest) =>
        Regex.Replace(Regex.Replace(manifest, "\"path\": \"[^\"]*\"", "\"path\": \"<project>\""),
            @"""mediaaspire\.apphost-[0-9a-f]{10}-", "\"mediaaspire.apphost-<hash>-");

    private static void AssertGolden(string relative, string actual)
    {
        var golden = Path.Combine(RepositoryRoot.Path, "MediaAspire.Tests", "TestData", "publish", relative);
        if (Environment.GetEnvironmentVariable("MEDIAASPIRE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"no golden file {golden}");
        Assert.Equal(File.ReadAllText(golden), actual);
    }
}

/// <summary>The outputs most tests read, published once: each publisher twice, into separate directories.</summary>
public sealed class PublishedOutput : IAsyncLifetime
{
    /// <summary>Fixed secrets, so the output can be compared with the golden files.</summary>
    public static readonly string[] FixedSecrets =
    [
        "--Parameters:postgres-password=pg-secret-1", "--Parameters:cache-password=redis-secret-2",
        "--Parameters:storage-access-key=s3-access-3", "--Parameters:storage-secret-key=s3-secret-4",
        "--Parameters:admin-key=admin-secret-5",
    ];

    public string Work { get; } = Directory.CreateTempSubdirectory("mediaaspire-publish-").FullName;
    public string Manifest => Path.Combine(Work, "manifest-a", "aspire-manifest.json");
    public string ManifestAgain => Path.Combine(Work, "manifest-b", "aspire-manifest.json");
    public string Kubernetes => Path.Combine(Work, "kubernetes-a");
    public string KubernetesAgain => Path.Combine(Work, "kubernetes-b");

    public async Task InitializeAsync() => await Task.WhenAll(
        AppHostPublish.RunAsync(Work, ["--publisher", "manifest", "--output-path", Manifest, .. FixedSecrets]),
        AppHostPublish.RunAsync(Work, ["--publisher", "manifest", "--output-path", ManifestAgain, .. FixedSecrets]),
        AppHostPublish.RunAsync(Work, ["--publisher", "kubernetes", "--output-path", Kubernetes, .. FixedSecrets]),
        AppHostPublish.RunAsync(Work, ["--publisher", "kubernetes", "--output-path", KubernetesAgain, .. FixedSecrets]));

    public Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The built AppHost in publish mode, as <c>dotnet run --project MediaAspire.AppHost -- …</c> runs it.</summary>
internal static class AppHostPublish
{
    /// <summary>Publishes with <paramref name="arguments"/>; the state directory is <c>{work}/state</c>. Fails the test unless it succeeds.</summary>
    public static async Task RunAsync(string work, string[] arguments)
    {
        var (exitCode, output) = await TryRunAsync(work, arguments);
        Assert.True(exitCode == 0, $"publish {string.Join(' ', arguments)} exited {exitCode}:\n{output}");
        Assert.DoesNotContain("fail:", output);
    }

    /// <remarks>Aspire's deployment state (~/.aspire/deployments, left by a full pipeline run) is not loaded
    /// (<c>Pipeline:ClearCache</c>): it would override the parameters given here.</remarks>
    public static Task<(int ExitCode, string Output)> TryRunAsync(string work, string[] arguments) =>
        Run.ToEndAsync("dotnet", [ProjectPaths.AppHost, .. arguments, $"--StateDirectory={Path.Combine(work, "state")}", "--Pipeline:ClearCache=true"], work);
}
