using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// Resumable uploads of 256 MiB and 2 GiB through the real API process (PostgreSQL, Redis, filesystem store),
/// their throughput against writing the same bytes straight to the same disk, and the API's peak working set
/// for each size against its working set at rest: the upload path must stream, so the peak may not grow with
/// the file (the smaller size runs first, so memory kept from it would only flatter the larger one's ratio).
/// </summary>
public sealed class UploadBenchmark : IBenchmark
{
    private const int PartSize = 16 * 1024 * 1024;
    private static readonly int[] PartCounts = [16, 128]; // 256 MiB, 2 GiB

    public string Name => "upload";
    public string Title => "256 MiB and 2 GiB resumable uploads vs. raw disk write; API peak memory by file size";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var root = Path.Combine(context.WorkDirectory, "upload");
        await using var system = await LocalSystem.StartAsync(root, withWorker: false, new Dictionary<string, string?>
        {
            ["Uploads__MaxBytes"] = ((long)PartSize * PartCounts.Max()).ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        var (http, api) = (system.Client, system.Api);
        var objects = Path.Combine(root, "objects");

        // Warm up the upload path (JIT, connection pools) with a small upload, then read the resting working set.
        await UploadAsync(http, new Payload(seed: 0, partSize: 1024 * 1024, parts: 2), cancellationToken);
        await Task.Delay(1000, cancellationToken);
        var resting = WorkingSetBytes(api.Id);

        var repetitions = Math.Min(context.Repetitions, 3);
        var rows = new List<BenchmarkRow>();
        var peaks = new List<long>();
        var seed = 0;
        foreach (var partCount in PartCounts)
        {
            List<TimeSpan> partsTimes = [], completeTimes = [], rawWrites = [], copies = [];
            long peak = 0;
            long size = 0;
            for (var run = 1; run <= repetitions; run++)
            {
                // A new seed per run: the same bytes again would be answered as a duplicate.
                var payload = new Payload(seed: ++seed, parts: partCount);
                size = payload.Length;
                using (var sampler = new PeakSampler(api.Id))
                {
                    var (parts, complete, assetId) = await UploadAsync(http, payload, cancellationToken);
                    peak = Math.Max(peak, sampler.Stop());
                    partsTimes.Add(parts);
                    completeTimes.Add(complete);
                    (await http.DeleteAsync($"/api/assets/{assetId}", cancellationToken)).EnsureSuccessStatusCode();
                }

                // Baseline, same bytes, same disk: write them as one file, then copy it while hashing it in one pass (what joining amounts to).
                var rawFile = Path.Combine(root, "raw.bin");
                var rawWrite = Stopwatch.StartNew();
                await using (var file = new FileStream(rawFile, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    for (var part = 1; part <= payload.Parts; part++) await file.WriteAsync(payload.Part(part), cancellationToken);
                }
                rawWrites.Add(rawWrite.Elapsed);
                var copy = Stopwatch.StartNew();
                await Timing.RunAsync("sh", "-c", $"tee '{rawFile}.copy' < '{rawFile}' | sha256sum > /dev/null");
                copies.Add(copy.Elapsed);
                File.Delete(rawFile);
                File.Delete(rawFile + ".copy");
            }
            var (partsTime, completeTime) = (Median(partsTimes), Median(completeTimes));
            var (rawTime, copyTime) = (Median(rawWrites), Median(copies));
            var (total, baselineTotal) = (partsTime + completeTime, rawTime + copyTime);
            var label = Size(size);
            rows.AddRange([
                new BenchmarkRow($"{label}: parts upload over HTTP", Throughput(size, partsTime), "raw FileStream write", Throughput(size, rawTime),
                    partsTime / rawTime),
                new BenchmarkRow($"{label}: complete (join + verify)", Seconds(completeTime), "tee + sha256sum of the file", Seconds(copyTime),
                    completeTime / copyTime),
                new BenchmarkRow($"{label}: whole upload, parts + complete", Seconds(total), "raw write + tee/sha256sum", Seconds(baselineTotal),
                    total / baselineTotal),
                new BenchmarkRow($"{label}: API peak working set during the upload", MiB(peak), "API at rest", MiB(resting), (double)peak / resting),
            ]);
            peaks.Add(peak);
        }
        Directory.Delete(objects, recursive: true);
        rows.Add(new BenchmarkRow($"API peak working set, {Size((long)PartSize * PartCounts[^1])} upload", MiB(peaks[^1]),
            $"{Size((long)PartSize * PartCounts[0])} upload", MiB(peaks[0]), (double)peaks[^1] / peaks[0]));

        return new BenchmarkReport(
            $"Input: {string.Join(" and ", PartCounts.Select(n => Size((long)PartSize * n)))} generated on the fly " +
            $"({string.Join(" and ", PartCounts)} parts × 16 MiB, an MP4 `ftyp` head so the sniffer accepts it), " +
            "sent sequentially with `PUT /api/uploads/{id}/parts/{n}` to the API running as its own process (Release, filesystem store, " +
            "real PostgreSQL and Redis), then `POST …/complete` (joins the parts into the asset, SHA-256 and size verified), then the asset " +
            $"is deleted. Median of {repetitions} runs per size, each followed by its baselines on the same disk and bytes: one `FileStream` " +
            "writing the file, and `tee copy < file | sha256sum` (joining is a copy that hashes on the way). The bench client shares the 2 cores with the API. Memory: the " +
            "API's working set (VmRSS sampled every 20 ms), the highest over a size's runs, against the same process at rest after a small warm-up upload; " +
            "the smaller size runs first, and the last row sets the two sizes' peaks side by side (flat memory: about 1×).",
            rows);
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static async Task<(TimeSpan Parts, TimeSpan Complete, Guid AssetId)> UploadAsync(HttpClient http, Payload payload, CancellationToken cancellationToken)
    {
        var initiated = await http.PostAsJsonAsync("/api/uploads",
            new { filename = "bench.mp4", size_bytes = payload.Length, sha256 = payload.Sha256(), content_type = "video/mp4" }, cancellationToken);
        initiated.EnsureSuccessStatusCode();
        var id = (await initiated.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();

        var parts = Stopwatch.StartNew();
        for (var number = 1; number <= payload.Parts; number++)
        {
            using var content = new ReadOnlyMemoryContent(payload.Part(number));
            var response = await http.PutAsync($"/api/uploads/{id}/parts/{number}", content, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Part {number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        parts.Stop();
        var complete = Stopwatch.StartNew();
        var completed = await http.PostAsync($"/api/uploads/{id}/complete", null, cancellationToken);
        complete.Stop();
        if ((int)completed.StatusCode != 202)
            throw new InvalidOperationException($"Complete: {(int)completed.StatusCode} {await completed.Content.ReadAsStringAsync(cancellationToken)}");
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("asset_id").GetGuid();
        return (parts.Elapsed, complete.Elapsed, assetId);
    }

    /// <summary>Resident set size (the working set) of a process, from /proc.</summary>
    private static long WorkingSetBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Throughput(long bytes, TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes / time.TotalSeconds / (1024 * 1024):F0} MiB/s ({time.TotalSeconds:F1} s)");

    private static string Size(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes >> 30} GiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB");

    private static string Seconds(TimeSpan time) => string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:F1} s");

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F0} MiB");

    /// <summary>Samples a process's working set on a background thread and keeps the largest value.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakSampler(int pid) => _sampling = Task.Run(async () =>
        {
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, WorkingSetBytes(pid));
                try { await Task.Delay(20, _stop.Token); } catch (OperationCanceledException) { }
            }
            return Math.Max(peak, WorkingSetBytes(pid));
        });

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();
    }

    /// <summary>
    /// The file to upload, made on the fly from one random 16 MiB block: part n is the block with n
    /// stamped into its first bytes, so no two parts are equal and no file-sized array exists.
    /// </summary>
    private sealed class Payload(int seed, int parts, int partSize = PartSize)
    {
        private readonly byte[] _block = MakeBlock(seed, partSize);

        public int Parts => parts;
        public long Length => (long)partSize * parts;

        public ReadOnlyMemory<byte> Part(int number)
        {
            // Part 1 keeps the MP4 head; the others carry their number where the head would be.
            if (number > 1) BitConverter.TryWriteBytes(_block.AsSpan(0, 8), (long)number);
            else WriteMp4Head(_block);
            return _block;
        }

        public string Sha256()
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            for (var number = 1; number <= parts; number++) hash.AppendData(Part(number).Span);
            return Convert.ToHexStringLower(hash.GetCurrentHash());
        }

        private static byte[] MakeBlock(int seed, int size)
        {
            var block = new byte[size];
            new Random(seed).NextBytes(block);
            return block;
        }

        private static void WriteMp4Head(byte[] block) => ((byte[])[0, 0, 0, 0x18, .. "ftypisom"u8]).CopyTo(block, 0);
    }
}
