using LLMEmbed.Tests;
using System.Globalization;
using System.Net;
using Microsoft.Playwright;

namespace LLMEmbed.Gateway.Tests.Http;

/// <summary>
/// Tasks in the console, in Debian's chromium: a multi-label task created in the switcher, trained from it,
/// its per-label F1 bars matching the API's metrics, a classify over every task showing the multi-label
/// answer as chips next to the default task's label, and the API's own message for a duplicate task name
/// and for deleting the default task. Screenshots go to TestResults/console/.
/// </summary>
public sealed class ConsoleBrowserTasksTests(HttpHostFixture host) : IClassFixture<HttpHostFixture>
{
    private const string Tenant = "web-tasks";
    private const string Oily = "Tankers carrying crude oil were delayed 2 days at the port.";

    [Fact]
    public async Task Console_switches_tasks_trains_a_multi_label_task_and_shows_chips_and_f1_bars()
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"{ConsoleBrowserTests.Chromium} is missing: apt-get install chromium chromium-driver.");
        var t = await HttpTenant.CreateAsync(host, Tenant, "[\"crude\",\"earn\"]");

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("llmembed-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, ConsoleBrowserTests.LaunchOptions());
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.AcceptAsync(); }; // the delete confirm: yes
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        var shots = ConsoleBrowserTests.ScreenshotDirectory();

        await ConsoleSignIn.SignInAsync(page, host.Http, t.Key, Tenant);
        var tasks = page.GetByTestId("tasks-table").Locator("tbody tr");
        await Expect(tasks).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("task-current")).ToHaveAttributeAsync("data-task", "default");

        // Create the multi-label task in the switcher.
        await page.GetByTestId("task-name").FillAsync("tags");
        await page.GetByTestId("task-kind").SelectOptionAsync("TASK_KIND_MULTI_LABEL");
        await page.GetByTestId("task-labels").FillAsync("oil, earnings, shipping");
        await page.GetByTestId("task-create").ClickAsync();
        await Expect(page.GetByTestId("tasks-status")).ToHaveTextAsync("task tags created");
        var tagsRow = page.GetByTestId("tasks-table").Locator("tr[data-task=tags]");
        await Expect(tagsRow).ToHaveAttributeAsync("data-kind", "multi_label");
        await Expect(tagsRow).ToHaveAttributeAsync("data-labels", "3");

        // The same name again: the console shows the API's refusal, word for word.
        await page.GetByTestId("task-name").FillAsync("tags");
        await page.GetByTestId("task-create").ClickAsync();
        var duplicate = await HttpJson.SendAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/tasks", "{\"task\":\"tags\",\"kind\":\"TASK_KIND_MULTI_LABEL\"}");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        var duplicateMessage = duplicate.Json!["message"]!.GetValue<string>();
        Assert.Contains("tags", duplicateMessage);
        await Expect(page.GetByTestId("tasks-status")).ToHaveTextAsync($"409: {duplicateMessage}");
        await Expect(page.GetByTestId("tasks-status")).ToHaveClassAsync("muted error");

        // Deleting the default task: confirmed, then refused by the backend with its message.
        await page.GetByTestId("tasks-table").Locator("tr[data-task=default]").GetByTestId("task-delete").ClickAsync();
        var refusal = await HttpJson.SendAsync(t.Client, HttpMethod.Delete, $"/v1/tenants/{Tenant}/tasks/default");
        Assert.NotEqual(HttpStatusCode.OK, refusal.Status);
        await Expect(page.GetByTestId("tasks-status")).ToContainTextAsync(refusal.Json!["message"]!.GetValue<string>());
        Assert.Single(dialogs);
        Assert.Contains("Delete task default", dialogs[0]);
        await Expect(tasks).ToHaveCountAsync(2);

        // Rows labelled for both tasks (setup over the API), the default task trained over the API.
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/examples", $"{{\"examples\":[{string.Join(',', Rows())}]}}");
        await TrainAsync(t, "");

        // A task deleted behind the console's back: using it shows the API's 404 message, then the console is on default again.
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/tasks", "{\"task\":\"gone\"}");
        await page.GetByTestId("task-name").FillAsync("other");
        await page.GetByTestId("task-create").ClickAsync(); // the list reloads: "gone" shows up with "other"
        await Expect(tasks).ToHaveCountAsync(4);
        await HttpJson.OkAsync(t.Client, HttpMethod.Delete, $"/v1/tenants/{Tenant}/tasks/gone");
        await page.GetByTestId("tasks-table").Locator("tr[data-task=gone]").GetByTestId("task-use").ClickAsync();
        var unknown = await HttpJson.SendAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/labels?task=gone");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        await Expect(page.GetByTestId("tasks-status")).ToHaveTextAsync($"404: {unknown.Json!["message"]!.GetValue<string>()}");
        await Expect(tasks).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("task-current")).ToHaveAttributeAsync("data-task", "default");

        // Switch to tags: the labels view is the task's, training trains it.
        await tagsRow.GetByTestId("task-use").ClickAsync();
        await Expect(page.GetByTestId("task-current")).ToHaveAttributeAsync("data-task", "tags");
        await Expect(page.GetByTestId("labels-chart").Locator("g[data-label]")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("labels-chart").Locator("g[data-label=shipping]")).ToHaveAttributeAsync("data-value", "12");
        await Expect(page.Locator("#confusion-view")).ToBeHiddenAsync();
        await page.GetByTestId("train-full").ClickAsync();
        await Expect(page.GetByTestId("train-status")).ToContainTextAsync("succeeded", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("train-status")).ToContainTextAsync("micro-F1");

        // Per-label F1 bars and the summary are the API's numbers for the task's active head.
        var heads = await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/heads?task=tags");
        var metrics = heads["heads"]!.AsArray().Single(h => h!["active"]!.GetValue<bool>())!["metrics"]!;
        var perLabel = metrics["perLabel"]!.AsArray();
        Assert.Equal(3, perLabel.Count);
        await Expect(page.GetByTestId("multi-metrics")).ToBeVisibleAsync();
        var bars = page.GetByTestId("f1-bars").Locator("g[data-label]");
        await Expect(bars).ToHaveCountAsync(3);
        foreach (var l in perLabel)
        {
            var bar = page.GetByTestId("f1-bars").Locator($"g[data-label=\"{l!["label"]!.GetValue<string>()}\"]");
            Assert.Equal(l["f1"]!.GetValue<double>(), Parse(await bar.GetAttributeAsync("data-f1")), 4);
            Assert.Contains($"threshold {l["threshold"]!.GetValue<double>().ToString("F3", CultureInfo.InvariantCulture)}", await bar.Locator("title").TextContentAsync());
        }
        foreach (var field in new[] { "microF1", "macroF1", "exactMatch" })
            Assert.Equal(metrics[field]!.GetValue<double>(), Parse(await page.GetByTestId("multi-summary").Locator($"li[data-field={field}]").GetAttributeAsync("data-value")), 4);
        await Expect(page.GetByTestId("tasks-table").Locator("tr[data-task=tags] td").Nth(4)).ToHaveTextAsync("v1");
        await Expect(page.GetByTestId("heads-accuracy")).ToHaveTextAsync("exact match");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "tasks-1-trained.png"), FullPage = true });

        // "*" answers the tasks with a head (default, tags) and leaves out 'other', which has none; naming 'other' is refused.
        var star = await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/classify", $"{{\"texts\":[{HttpJson.Quote(Oily)}],\"tasks\":[\"*\"]}}");
        Assert.Equal(["default", "tags"], star["results"]![0]!["tasks"]!.AsArray().Select(a => a!["task"]!.GetValue<string>()));
        var named = await HttpJson.SendAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/classify", $"{{\"texts\":[{HttpJson.Quote(Oily)}],\"tasks\":[\"other\"]}}");
        Assert.Contains("'other'", named.Json!["message"]!.GetValue<string>());

        // Classify with every task: the default task's label, and the tags task's chosen labels as chips.
        await page.GetByTestId("try-text").FillAsync(Oily);
        await page.GetByTestId("try-all-tasks").CheckAsync();
        await page.GetByTestId("classify").ClickAsync();
        var answers = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/classify", $"{{\"texts\":[{HttpJson.Quote(Oily)}],\"tasks\":[\"default\",\"tags\"]}}"))["results"]![0]!["tasks"]!.AsArray();
        var chosen = answers.Single(a => a!["task"]!.GetValue<string>() == "tags")!["labels"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
        Assert.Contains("oil", chosen); // a training text of oil+shipping: the head picks oil at least
        var tagsAnswer = page.GetByTestId("try-result").Locator("[data-testid=task-answer][data-task=tags]");
        await Expect(tagsAnswer.GetByTestId("chip")).ToHaveCountAsync(chosen.Length);
        Assert.Equal(chosen, await tagsAnswer.GetByTestId("chip").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.label)"));
        await Expect(tagsAnswer.GetByTestId("none-of-these")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("try-result").Locator("[data-testid=task-answer]")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("untrained-tasks")).ToHaveTextAsync("not answered (no active head yet): other");
        var defaultLabel = answers.Single(a => a!["task"]!.GetValue<string>() == "default")!["label"]!.GetValue<string>();
        Assert.Equal("crude", defaultLabel);
        await Expect(page.GetByTestId("try-result").Locator("[data-testid=task-answer][data-task=default]").GetByTestId("task-label")).ToHaveTextAsync(defaultLabel);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "tasks-2-classified.png"), FullPage = true });

        // The task in use alone: a text of none of its labels reads "none of these" when the head chooses none.
        const string weather = "Sunny skies and a light breeze for 3 days.";
        await page.GetByTestId("try-all-tasks").UncheckAsync();
        await page.GetByTestId("try-text").FillAsync(weather);
        await page.GetByTestId("classify").ClickAsync();
        var alone = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/classify", $"{{\"texts\":[{HttpJson.Quote(weather)}],\"tasks\":[\"tags\"]}}"))["results"]![0]!["tasks"]!.AsArray();
        Assert.Single(alone);
        var weatherLabels = alone[0]!["labels"]?.AsArray().Count ?? 0;
        Assert.Equal(0, weatherLabels); // a training text labelled "none of these"
        await Expect(page.GetByTestId("try-result").Locator("[data-testid=task-answer]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("none-of-these")).ToHaveTextAsync("none of these");

        // Back to default: the confusion matrix again; then delete tags (confirmed).
        await page.GetByTestId("tasks-table").Locator("tr[data-task=default]").GetByTestId("task-use").ClickAsync();
        await Expect(page.Locator("#confusion-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("heads-accuracy")).ToHaveTextAsync("accuracy");
        await Expect(page.GetByTestId("multi-metrics")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("labels-chart").Locator("g[data-label]")).ToHaveCountAsync(2);
        await tagsRow.GetByTestId("task-delete").ClickAsync();
        await Expect(page.GetByTestId("tasks-status")).ToHaveTextAsync("task tags deleted");
        await Expect(tasks).ToHaveCountAsync(2);
        var left = await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/tasks");
        Assert.Equal(["default", "other"], left["tasks"]!.AsArray().Select(x => x!["task"]!.GetValue<string>()).ToArray());
        Assert.Equal(2, dialogs.Count);
        Assert.Empty(pageErrors);
    }

    [Fact]
    public async Task Console_shows_the_api_message_past_the_task_cap_and_for_a_list_given_to_a_single_label_task()
    {
        Assert.True(File.Exists(ConsoleBrowserTests.Chromium), $"{ConsoleBrowserTests.Chromium} is missing: apt-get install chromium chromium-driver.");
        const string tenant = "web-task-cap";
        var t = await HttpTenant.CreateAsync(host, tenant, "[\"crude\",\"earn\"]");
        await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{tenant}/tasks", "{\"task\":\"topic\",\"labels\":[\"billing\",\"shipping\"]}");
        for (var i = 1; i < 32; i++) // the default cap (Tenants:MaxTasks) is 32 named tasks
            await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{tenant}/tasks", $"{{\"task\":\"t{i}\"}}");

        using var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("llmembed-chromium-");
        await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, ConsoleBrowserTests.LaunchOptions());
        var page = browser.Pages.Count > 0 ? browser.Pages[0] : await browser.NewPageAsync();
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        await page.GotoAsync(new Uri(host.Http, "/console/").ToString());
        await page.GetByTestId("key").FillAsync(t.Key);
        await page.GetByTestId("sign-in").ClickAsync();
        await Expect(page.GetByTestId("tasks-table").Locator("tbody tr")).ToHaveCountAsync(33);

        await page.GetByTestId("task-name").FillAsync("one-more");
        await page.GetByTestId("task-create").ClickAsync();
        var cap = await HttpJson.SendAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{tenant}/tasks", "{\"task\":\"one-more\"}");
        Assert.Equal(HttpStatusCode.TooManyRequests, cap.Status);
        await Expect(page.GetByTestId("tasks-status")).ToHaveTextAsync($"429: {cap.Json!["message"]!.GetValue<string>()}");
        await Expect(page.GetByTestId("tasks-table").Locator("tbody tr")).ToHaveCountAsync(33);

        // Two labels for the single-label task topic: the import is refused and the console shows the tenant's message.
        const string row = "{\"text\":\"Charged twice and the parcel is late\",\"labels\":{\"topic\":[\"billing\",\"shipping\"]}}\n";
        var file = Path.Combine(Directory.CreateTempSubdirectory("llmembed-console-").FullName, "two-topics.jsonl");
        await File.WriteAllTextAsync(file, row);
        await page.GetByTestId("import-file").SetInputFilesAsync(file);
        await page.GetByTestId("import").ClickAsync();
        using var body = new StringContent(row, System.Text.Encoding.UTF8, "application/x-ndjson");
        using var refused = await t.Client.PostAsync($"/v1/tenants/{tenant}/examples/import?format=jsonl", body);
        Assert.False(refused.IsSuccessStatusCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["message"]!.GetValue<string>();
        Assert.Contains("topic", message);
        // The console sends an import id, so its message also names the resume command after this one.
        await Expect(page.GetByTestId("import-result")).ToContainTextAsync(message.TrimEnd('.'));
        await Expect(page.GetByTestId("import-result")).ToHaveClassAsync("error");
        Assert.Empty(pageErrors);
    }

    /// <summary>Six texts each of five kinds: oil, earnings, oil + shipping, shipping, and "none of these" for tags.</summary>
    private static IEnumerable<string> Rows()
    {
        for (var i = 0; i < 6; i++)
        {
            yield return Row($"Oil prices rose {i} dollars a barrel as OPEC cut output.", "crude", "\"oil\"");
            yield return Row($"The company reported quarterly earnings of {i} cents a share.", "earn", "\"earnings\"");
            yield return Row($"Tankers carrying crude oil were delayed {i} days at the port.", "crude", "\"oil\",\"shipping\"");
            yield return Row($"The container ship docked {i} hours late at the harbour.", null, "\"shipping\"");
            yield return Row($"Sunny skies and a light breeze for {i} days.", null, "");
        }
    }

    private static string Row(string text, string? label, string tags) =>
        $"{{\"text\":{HttpJson.Quote(text)}{(label is null ? "" : $",\"label\":{HttpJson.Quote(label)}")},\"taskLabels\":[{{\"task\":\"tags\",\"labels\":[{tags}]}}]}}";

    private static async Task TrainAsync(HttpTenant t, string task)
    {
        var job = (await HttpJson.OkAsync(t.Client, HttpMethod.Post, $"/v1/tenants/{Tenant}/jobs", $"{{\"task\":{HttpJson.Quote(task)}}}"))["jobId"]!.GetValue<string>();
        var state = await Eventually.UntilAsync(
            async () => (await HttpJson.OkAsync(t.Client, HttpMethod.Get, $"/v1/tenants/{Tenant}/jobs/{job}"))["state"]!.GetValue<string>(),
            s => s is "JOB_STATE_SUCCEEDED" or "JOB_STATE_FAILED", TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(250));
        Assert.Equal("JOB_STATE_SUCCEEDED", state);
    }

    private static double Parse(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
