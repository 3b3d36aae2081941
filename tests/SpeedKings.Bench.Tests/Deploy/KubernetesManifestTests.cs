using k8s;
using k8s.Models;
using SpeedKings.Bench.Hosting;
using SpeedKings.Bench.Reporting;
using SpeedKings.Bench.Sharding;

namespace SpeedKings.Bench.Tests.Deploy;

/// <summary>
/// The manifests under <c>deploy/kubernetes</c>, loaded strictly by the Kubernetes client library's own models: a
/// misspelt field fails here, and so does a manifest that no longer matches what the suite reads (the shard count,
/// the region, keys only from a Secret, results on the shared volume).
/// </summary>
public class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(SuitePaths.Locate().Root, "deploy", "kubernetes");

    private static T Load<T>(string file) => KubernetesYaml.Deserialize<T>(File.ReadAllText(Path.Combine(Folder, file)), strict: true);

    [Fact]
    public void Every_manifest_is_a_valid_kubernetes_object()
    {
        string[] files = Directory.GetFiles(Folder, "*.yaml");
        Assert.Equal(["merge.yaml", "results-volume.yaml", "scheduled-run.yaml", "sharded-run.yaml"], files.Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (string file in files)
        {
            IList<object> objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), strict: true);
            Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject>(o));
        }
    }

    [Fact]
    public void The_sharded_run_is_an_indexed_job_whose_pods_know_how_many_shards_there_are()
    {
        V1Job job = Load<V1Job>("sharded-run.yaml");
        Assert.Equal("Indexed", job.Spec.CompletionMode);
        V1Container bench = Assert.Single(job.Spec.Template.Spec.Containers);
        // The suite turns JOB_COMPLETION_INDEX into a shard only with the count beside it: the Job's completions.
        Assert.Equal(job.Spec.Completions.ToString(), Env(bench, Shard.CountVariable));
        Assert.Equal(job.Spec.Completions, job.Spec.Parallelism);
        Assert.NotNull(Env(bench, RunRecordBuilder.RegionVariable));
        AssertRunsIntoTheSharedVolume(job.Spec.Template.Spec, bench);
        AssertKeysOnlyFromTheSecret(bench);
    }

    [Fact]
    public void The_merge_reads_the_results_the_runs_write()
    {
        V1PodSpec pod = Load<V1Job>("merge.yaml").Spec.Template.Spec;
        V1Container merge = Assert.Single(pod.Containers);
        Assert.Equal("merge", merge.Args[0]);
        // The runs write under /results (--artifacts): their records are in /results/results.
        Assert.Equal(MountPath(pod, merge) + "/results", merge.Args[1]);
        Assert.Null(merge.EnvFrom); // a merge sends nothing: it needs no key
    }

    [Fact]
    public void The_scheduled_run_is_a_cron_job_that_never_overlaps_itself()
    {
        V1CronJob cron = Load<V1CronJob>("scheduled-run.yaml");
        Assert.Equal(5, cron.Spec.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy); // two runs at once would measure each other
        V1PodSpec pod = cron.Spec.JobTemplate.Spec.Template.Spec;
        V1Container bench = Assert.Single(pod.Containers);
        AssertRunsIntoTheSharedVolume(pod, bench);
        AssertKeysOnlyFromTheSecret(bench);
        Assert.Equal("speedkings-results", pod.Volumes.Single().PersistentVolumeClaim.ClaimName);
        Assert.Equal("speedkings-results", Load<V1PersistentVolumeClaim>("results-volume.yaml").Metadata.Name);
    }

    private static void AssertRunsIntoTheSharedVolume(V1PodSpec pod, V1Container container)
    {
        int artifacts = container.Args.IndexOf("--artifacts");
        Assert.True(artifacts >= 0, "a run must write into the mounted volume (--artifacts)");
        Assert.Equal(MountPath(pod, container), container.Args[artifacts + 1]);
        Assert.Equal("speedkings-results", pod.Volumes.Single().PersistentVolumeClaim.ClaimName);
    }

    private static string MountPath(V1PodSpec pod, V1Container container)
        => container.VolumeMounts.Single(m => m.Name == pod.Volumes.Single().Name).MountPath;

    // A key is never written into a manifest: the pod takes every variable of the Secret, and names no key itself.
    private static void AssertKeysOnlyFromTheSecret(V1Container container)
    {
        Assert.Equal("speedkings-keys", Assert.Single(container.EnvFrom).SecretRef.Name);
        Assert.DoesNotContain(container.Env ?? [], e => e.Name.EndsWith("_API_KEY", StringComparison.Ordinal) || e.Name.EndsWith("_KEY", StringComparison.Ordinal));
    }

    private static string? Env(V1Container container, string name) => container.Env?.SingleOrDefault(e => e.Name == name)?.Value;
}
