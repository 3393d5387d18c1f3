using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LLMEmbed.Gateway.Http;

/// <summary>Request and response examples of the calls a new client makes first, as the host really answers them.</summary>
internal sealed class OpenApiExamplesFilter : IOperationFilter
{
    private static readonly Dictionary<string, (string? Request, string Response)> Examples = new(StringComparer.Ordinal)
    {
        ["Admin_CreateTenant"] = ("""{"tenant":"shop","recipe":"last"}""", """{"tenant":"shop","key":"lle_shop.u7XXuZb5nmXZMYbW_FWyRaa5fsNBkXjOnFxU83mR6P4"}"""),
        ["Labels_SetLabels"] = ("""{"labels":["crude","earn"]}""", """{"labels":[{"name":"crude","retired":false,"examples":0},{"name":"earn","retired":false,"examples":0}]}"""),
        ["Tasks_CreateTask"] = ("""{"task":"tags","kind":"TASK_KIND_MULTI_LABEL","labels":["refund","mobile"]}""",
            """{"task":"tags","kind":"TASK_KIND_MULTI_LABEL","labels":2,"examples":"0","activeHeadVersion":0,"createdUnixMs":"1764771000000"}"""),
        ["Examples_AddExamples"] = ("""{"examples":[{"text":"Oil prices rose as OPEC cut output.","label":"crude"},{"text":"Quarterly net profit rose 12 pct.","label":"earn"}],"truncate":false}""",
            """{"accepted":2,"totalExamples":2,"truncated":0,"skipped":0,"windows":2}"""),
        ["Examples_ImportExamples"] = (null, """{"accepted":200,"totalExamples":200,"truncated":0,"skipped":0,"windows":200}"""),
        ["Training_Train"] = ("""{"mode":"TRAIN_MODE_FULL","head":"HEAD_KIND_LOGREG","force":false}""", """{"jobId":"5f0c2a9e4b7d4c1e9a3f6b8d2e1c0a47"}"""),
        ["Inference_Classify"] = ("""{"texts":["OPEC agreed to cut crude output"],"topK":2}""",
            """{"results":[{"label":"crude","probabilities":[{"label":"crude","probability":0.94},{"label":"earn","probability":0.06}],"headVersion":1,"truncated":false,"windows":1}]}"""),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is null || !Examples.TryGetValue(operation.OperationId, out var example)) return;
        if (example.Request is not null && operation.RequestBody?.Content.TryGetValue("application/json", out var request) == true)
            request.Example = OpenApiAnyFactory.CreateFromJson(example.Request);
        if (!operation.Responses.TryGetValue("200", out var ok)) operation.Responses["200"] = ok = new OpenApiResponse { Description = "OK" };
        if (!ok.Content.TryGetValue("application/json", out var response)) ok.Content["application/json"] = response = new OpenApiMediaType();
        response.Example = OpenApiAnyFactory.CreateFromJson(example.Response);
    }
}
