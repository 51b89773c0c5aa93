using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MediaAspire.Api.ApiKeys;
using MediaAspire.AppHost.Hosting;
using MediaAspire.Platform.Database;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Storage;

namespace MediaAspire.Tests.AppHost;

/// <summary>
/// The publishers: stable output for the same app model (golden files in TestData/publish), the Aspire
/// manifest's expression rules, Kubernetes objects read back through KubernetesClient's typed models,
/// and every variable the services read at start-up provided by the generated ConfigMap/Secret.
/// Regenerate the golden files with MEDIAASPIRE_UPDATE_GOLDEN=1.
/// </summary>
public sealed class PublisherTests : IDisposable
{
    private static readonly string[] FixedSecrets =
    [
        "--Parameters:postgres-password=pg-secret-1", "--Parameters:cache-password=redis-secret-2",
        "--Parameters:storage-access-key=s3-access-3", "--Parameters:storage-secret-key=s3-secret-4",
        "--Parameters:admin-key=admin-secret-5",
    ];

    private readonly string _work = Directory.CreateTempSubdirectory("mediaaspire-publish-").FullName;

    private static string Golden(string relative) =>
        Path.Combine(RepositoryRoot(), "MediaAspire.Tests", "TestData", "publish", relative);

    private async Task<string> PublishAsync(string publisher, string output, params string[] extra)
    {
        var app = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly,
            ["--publisher", publisher, "--output-path", output, $"--StateDirectory={Path.Combine(_work, "state")}", .. FixedSecrets, .. extra]);
        Assert.Equal(0, app.Publish());
        return output;
    }

    [Fact]
    public async Task The_manifest_is_stable_and_matches_the_golden_file()
    {
        var first = File.ReadAllText(await PublishAsync("manifest", Path.Combine(_work, "a", "aspire-manifest.json")));
        var second = File.ReadAllText(await PublishAsync("manifest", Path.Combine(_work, "b", "aspire-manifest.json")));

        Assert.Equal(first, second);
        AssertGolden("aspire-manifest.json", WithoutProjectPaths(first));
    }

    [Fact]
    public async Task Publisher_flags_take_both_forms_and_an_unknown_or_missing_publisher_is_refused_without_starting_anything()
    {
        var state = $"--StateDirectory={Path.Combine(_work, "state")}";
        var manifest = Path.Combine(_work, "eq", "aspire-manifest.json");
        var equalsForm = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, "--publisher=manifest", $"--output-path={manifest}", state);
        var unknown = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, "--publisher=helm", $"--output-path={Path.Combine(_work, "helm")}", state);
        var noName = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, "--publisher", "--output-path", Path.Combine(_work, "none"), state);
        var noOutput = await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, "--publisher", "kubernetes", state);

        Assert.Equal(("manifest", manifest), (equalsForm.Options.Publisher, equalsForm.Options.OutputPath));
        Assert.Equal(0, equalsForm.Publish());
        Assert.True(File.Exists(manifest));
        // RunAsync publishes (and so refuses) instead of starting the system whenever --publisher is given.
        Assert.All([unknown, noName, noOutput], app => Assert.True(app.Options.IsPublishMode));
        Assert.Equal((2, 2, 2), (unknown.Publish(), noName.Publish(), noOutput.Publish()));
        Assert.False(Directory.Exists(Path.Combine(_work, "helm")));
        Assert.False(Directory.Exists(Path.Combine(_work, "none")));
    }

    [Fact]
    public async Task Every_manifest_expression_resolves_and_backing_services_are_containers()
    {
        var path = await PublishAsync("manifest", Path.Combine(_work, "aspire-manifest.json"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(path));
        var resources = manifest.RootElement.GetProperty("resources");

        Assert.Equal("https://json.schemastore.org/aspire-8.0.json", manifest.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(["container.v0", "container.v0", "container.v0"],
            new[] { "postgres", "cache", "storage" }.Select(n => resources.GetProperty(n).GetProperty("type").GetString()));
        Assert.Equal("value.v0", resources.GetProperty("mediadb").GetProperty("type").GetString());
        Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.GetProperty("type").GetString() == "executable.v0");
        foreach (var project in new[] { "api", "gpuworker" })
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(path)!, resources.GetProperty(project).GetProperty("path").GetString()!)));

        var expressions = Regex.Matches(File.ReadAllText(path), @"\{([a-z0-9-]+)\.([a-zA-Z0-9.]+)\}").ToList();
        Assert.True(expressions.Count > 30, $"only {expressions.Count} expressions");
        foreach (Match expression in expressions)
        {
            var name = expression.Groups[1].Value;
            var path2 = expression.Groups[2].Value.Split('.');
            Assert.True(resources.TryGetProperty(name, out var target), $"{expression.Value}: no resource '{name}'");
            switch (path2[0])
            {
                case "connectionString":
                    Assert.True(target.TryGetProperty("connectionString", out _), $"{expression.Value}: no connection string");
                    break;
                case "bindings":
                    Assert.True(target.GetProperty("bindings").TryGetProperty(path2[1], out _), $"{expression.Value}: no binding");
                    Assert.Contains(path2[2], new[] { "host", "port", "url", "targetPort", "scheme" });
                    break;
                case "value" or "inputs":
                    Assert.Equal("parameter.v0", target.GetProperty("type").GetString());
                    break;
                default:
                    Assert.Fail($"{expression.Value}: unknown expression");
                    break;
            }
        }
    }

    [Fact]
    public async Task Kubernetes_output_is_stable_and_matches_the_golden_files()
    {
        var first = await PublishAsync("kubernetes", Path.Combine(_work, "a"));
        var second = await PublishAsync("kubernetes", Path.Combine(_work, "b"));

        var files = Directory.GetFiles(first, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(first, f)).Order().ToList();
        Assert.Equal(files, Directory.GetFiles(second, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second, f)).Order());
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(first, file)), File.ReadAllText(Path.Combine(second, file)));
            AssertGolden(Path.Combine("kubernetes", file), File.ReadAllText(Path.Combine(first, file)));
        }
    }

    [Fact]
    public async Task Kubernetes_objects_are_valid_and_every_reference_resolves()
    {
        var output = await PublishAsync("kubernetes", Path.Combine(_work, "k8s"));
        var objects = Directory.GetFiles(Path.Combine(output, "base"), "*.yaml")
            .Where(f => !f.EndsWith("kustomization.yaml", StringComparison.Ordinal))
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f)))
            .ToList();
        var deployments = objects.OfType<V1Deployment>().ToList();
        var statefulSets = objects.OfType<V1StatefulSet>().ToList();
        var services = objects.OfType<V1Service>().ToList();
        var configMaps = objects.OfType<V1ConfigMap>().ToDictionary(c => c.Metadata.Name);
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var secretValues = secrets["mediaaspire-parameters"].StringData.Values.ToList();

        Assert.Equal(["api", "gpuworker"], deployments.Select(d => d.Metadata.Name).Order());
        Assert.Equal(["cache", "postgres", "storage"], statefulSets.Select(s => s.Metadata.Name).Order());
        Assert.All(statefulSets, s => Assert.Single(s.Spec.VolumeClaimTemplates));
        var podLabels = deployments.Select(d => d.Spec.Template.Metadata.Labels).Concat(statefulSets.Select(s => s.Spec.Template.Metadata.Labels)).ToList();
        Assert.All(services, s => Assert.Contains(podLabels, l => s.Spec.Selector.All(kv => l.TryGetValue(kv.Key, out var v) && v == kv.Value)));

        foreach (var container in deployments.Concat<object>(statefulSets).SelectMany(Containers))
        {
            Assert.NotNull(container.Resources?.Requests);
            Assert.NotNull(container.Resources?.Limits);
            foreach (var source in container.EnvFrom ?? [])
            {
                if (source.ConfigMapRef is { } map) Assert.True(configMaps.ContainsKey(map.Name), $"missing ConfigMap {map.Name}");
                if (source.SecretRef is { } secret) Assert.True(secrets.ContainsKey(secret.Name), $"missing Secret {secret.Name}");
            }
            foreach (var reference in (container.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef).OfType<V1SecretKeySelector>())
                Assert.True(secrets[reference.Name].StringData.ContainsKey(reference.Key), $"missing key {reference.Key} in {reference.Name}");
        }
        foreach (var deployment in deployments)
        {
            var container = deployment.Spec.Template.Spec.Containers.Single();
            Assert.Equal(("/health", "/alive"), (container.ReadinessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Path));
        }
        // Secrets never in plain ConfigMaps.
        Assert.All(configMaps.Values.SelectMany(c => c.Data.Values), value => Assert.DoesNotContain(secretValues, s => value.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Every_variable_a_service_reads_at_start_up_is_provided()
    {
        var output = await PublishAsync("kubernetes", Path.Combine(_work, "k8s"));
        string[] platform =
        [
            $"ConnectionStrings__{DatabaseExtensions.ConnectionName}",
            $"ConnectionStrings__{QueueExtensions.ConnectionName}",
            $"ConnectionStrings__{StorageExtensions.ConnectionName}",
        ];

        var api = ProvidedVariables(output, "api");
        var worker = ProvidedVariables(output, "gpuworker");

        Assert.All([.. platform, AdminKeyBootstrapper.EnvironmentVariable, "OTEL_SERVICE_NAME", "HTTP_PORTS"], v => Assert.Contains(v, api));
        Assert.All([.. platform, "services__api__http__0", "OTEL_SERVICE_NAME"], v => Assert.Contains(v, worker));
    }

    [Fact]
    public async Task The_gpu_overlay_patches_the_worker_Deployment_to_a_GPU_with_the_CUDA_image()
    {
        var output = await PublishAsync("kubernetes", Path.Combine(_work, "k8s"), "--Publish:Registry=ghcr.io/acme", "--Publish:Tag=1.2.3");

        var (kustomization, objects) = Build(Path.Combine(output, "overlays", "gpu"));
        var patch = Load(Path.Combine(output, "overlays", "gpu", kustomization.Patches!.Single().Path)).Cast<V1Deployment>().Single();
        var target = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == patch.Metadata.Name);
        var patched = patch.Spec.Template.Spec;
        var image = kustomization.Images!.Single();

        Assert.Equal("gpuworker", target.Metadata.Name);
        Assert.Equal(target.Spec.Template.Spec.Containers.Select(c => c.Name), patched.Containers.Select(c => c.Name));
        Assert.Equal("1", patched.Containers.Single().Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("true", patched.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Equal(("nvidia.com/gpu", "Exists", "NoSchedule"), (patched.Tolerations.Single().Key, patched.Tolerations.Single().OperatorProperty, patched.Tolerations.Single().Effect));
        // The image override names the image the base deploys, and only changes its tag.
        Assert.Equal("ghcr.io/acme/mediaaspire-gpuworker:1.2.3", target.Spec.Template.Spec.Containers.Single().Image);
        Assert.Equal(("ghcr.io/acme/mediaaspire-gpuworker", "1.2.3-cuda"), (image.Name, image.NewTag));
    }

    [Fact]
    public async Task The_autoscale_overlay_sizes_the_workers_on_the_job_streams_length_one_replica_per_concurrent_job()
    {
        var output = await PublishAsync("kubernetes", Path.Combine(_work, "k8s"));

        var (_, objects) = Build(Path.Combine(output, "overlays", "autoscale"));
        var scaled = objects.OfType<KedaScaledObject>().Single();
        var trigger = scaled.Spec.Triggers.Single();
        var authentication = objects.OfType<KedaTriggerAuthentication>().Single(a => a.Metadata.Name == trigger.AuthenticationRef!.Name);
        var target = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == scaled.Spec.ScaleTargetRef.Name);
        var workerEnvironment = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "gpuworker-env").Data;
        var address = trigger.Metadata["address"].Split(':');
        var redis = objects.OfType<V1Service>().Single(s => s.Metadata.Name == address[0]);
        var secrets = objects.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);
        var password = authentication.Spec.SecretTargetRef.Single();

        Assert.Equal("gpuworker", target.Metadata.Name);
        Assert.Equal((1, 8), (scaled.Spec.MinReplicaCount, scaled.Spec.MaxReplicaCount));
        Assert.Equal("redis-streams", trigger.Type);
        // streamLength mode: no consumer group (with one, KEDA would count pending entries, at most Concurrency per pod).
        Assert.Equal(["address", "stream", "streamLength"], trigger.Metadata.Keys.Order());
        Assert.Equal(new JobQueueOptions().StreamKey, trigger.Metadata["stream"]);
        Assert.Equal(workerEnvironment["Worker__Concurrency"], trigger.Metadata["streamLength"]);
        Assert.Contains(redis.Spec.Ports, p => p.Port.ToString() == address[1]);
        Assert.Equal("password", password.Parameter);
        Assert.Equal(objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "gpuworker").Spec.Template.Spec.Containers.Single().EnvFrom
            .Select(e => e.SecretRef?.Name).OfType<string>().Select(n => secrets[n].StringData["CACHE_PASSWORD"]).Single(),
            secrets[password.Name].StringData[password.Key]);
    }

    private static readonly Dictionary<string, Type> KustomizeTypes = new()
    {
        [$"{Kustomization.Version}/Kustomization"] = typeof(Kustomization),
        [$"{KedaScaledObject.Version}/ScaledObject"] = typeof(KedaScaledObject),
        [$"{KedaScaledObject.Version}/TriggerAuthentication"] = typeof(KedaTriggerAuthentication),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["v1/Service"] = typeof(V1Service),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["v1/Secret"] = typeof(V1Secret),
    };

    /// <summary>Every document of a file as its typed model; an unknown field fails (strict).</summary>
    private static List<object> Load(string file)
    {
        Assert.True(File.Exists(file), $"{file} does not exist");
        return KubernetesYaml.LoadAllFromString(File.ReadAllText(file), KustomizeTypes, strict: true);
    }

    /// <summary>What <c>kubectl kustomize</c> would gather: the objects of every resource, a file or a directory
    /// holding a kustomization, recursively. Every resource and every patch target must exist.</summary>
    private static (Kustomization Kustomization, List<object> Objects) Build(string directory)
    {
        var kustomization = Load(Path.Combine(directory, "kustomization.yaml")).Cast<Kustomization>().Single();
        var objects = new List<object>();
        foreach (var resource in kustomization.Resources)
        {
            var path = Path.GetFullPath(Path.Combine(directory, resource));
            objects.AddRange(Directory.Exists(path) ? Build(path).Objects : Load(path));
        }
        // A strategic-merge patch names its target by kind and name: that object must be among the resources.
        foreach (var patch in (kustomization.Patches ?? []).SelectMany(p => Load(Path.Combine(directory, p.Path))).Cast<IKubernetesObject<V1ObjectMeta>>())
            Assert.Contains(objects.OfType<IKubernetesObject<V1ObjectMeta>>(), o => o.Kind == patch.Kind && o.Metadata.Name == patch.Metadata.Name);
        return (kustomization, objects);
    }

    [Fact]
    public async Task Generated_deployment_secrets_are_kept_across_publishes_and_differ_from_the_local_run()
    {
        string[] args = ["--publisher", "kubernetes", "--output-path", Path.Combine(_work, "x"), $"--StateDirectory={Path.Combine(_work, "gen")}"];
        var first = (await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, args)).ParameterValue("postgres-password");
        var second = (await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly, args)).ParameterValue("postgres-password");
        var local = (await DistributedApplicationTestingHooks.BuildAsync(typeof(ProjectPaths).Assembly,
            $"--StateDirectory={Path.Combine(_work, "gen")}")).ParameterValue("postgres-password");

        Assert.Equal(first, second);
        Assert.NotEqual(first, local);
    }

    [Fact]
    public async Task The_API_publishes_a_container_image_on_port_8080_named_as_the_manifests_expect()
    {
        using var evaluated = await EvaluateProjectAsync("MediaAspire.Api", "-getProperty:ContainerRepository", "-getProperty:ContainerFamily", "-getItem:ContainerPort");
        var k8s = await PublishAsync("kubernetes", Path.Combine(_work, "k8s"));
        var image = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(k8s, "base", "api.yaml")))
            .OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single().Image;

        var repository = evaluated.RootElement.GetProperty("Properties").GetProperty("ContainerRepository").GetString();
        Assert.Equal("mediaaspire-api", repository);
        Assert.Equal("noble-chiseled", evaluated.RootElement.GetProperty("Properties").GetProperty("ContainerFamily").GetString());
        Assert.Equal("8080", evaluated.RootElement.GetProperty("Items").GetProperty("ContainerPort")[0].GetProperty("Identity").GetString());
        Assert.Equal($"mediaaspire/{repository}:latest", image);
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

    /// <summary><c>dotnet msbuild -getProperty/-getItem</c> on a project of the solution: its evaluated properties and items as JSON.</summary>
    private static async Task<JsonDocument> EvaluateProjectAsync(string project, params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["msbuild", Path.Combine(RepositoryRoot(), project, $"{project}.csproj"), .. arguments]) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"msbuild failed: {await output}{errors}");
        return JsonDocument.Parse(await output);
    }

    private static HashSet<string> ProvidedVariables(string output, string service)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(output, "base", $"{service}.yaml")));
        var container = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
        var provided = new HashSet<string>(container.Env.Select(e => e.Name));
        foreach (var map in objects.OfType<V1ConfigMap>()) provided.UnionWith(map.Data.Keys);
        foreach (var secret in objects.OfType<V1Secret>()) provided.UnionWith(secret.StringData.Keys);
        return provided;
    }

    private static IEnumerable<V1Container> Containers(object workload) => workload switch
    {
        V1Deployment d => d.Spec.Template.Spec.Containers,
        V1StatefulSet s => s.Spec.Template.Spec.Containers,
        _ => [],
    };

    /// <summary>Project paths are relative to where the manifest is written; checked separately above.</summary>
    private static string WithoutProjectPaths(string manifest) =>
        Regex.Replace(manifest, "\"path\": \"[^\"]*\"", "\"path\": \"<project>\"");

    private static void AssertGolden(string relative, string actual)
    {
        var golden = Golden(relative);
        if (Environment.GetEnvironmentVariable("MEDIAASPIRE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(golden)!);
            File.WriteAllText(golden, actual);
        }
        Assert.True(File.Exists(golden), $"no golden file {golden}");
        Assert.Equal(File.ReadAllText(golden), actual);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MediaAspire.sln"))) return dir.FullName;
        throw new InvalidOperationException("Not inside the repository.");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
