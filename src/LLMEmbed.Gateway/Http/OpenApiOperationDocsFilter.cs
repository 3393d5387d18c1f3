using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi.Models;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace LLMEmbed.Gateway.Http;

/// <summary>
/// Every operation: the first sentence of its comment as the summary, the whole comment as the
/// description (a proto comment reaches the document as a summary only), and the bearer key
/// required, except on routes marked anonymous.
/// </summary>
internal sealed partial class OpenApiOperationDocsFilter : IOperationFilter
{
    public const string SchemeId = "bearer";

    private static readonly OpenApiSecurityRequirement Bearer = new()
    {
        [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = SchemeId } }] = [],
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var text = Whitespace().Replace(operation.Summary ?? "", " ").Trim();
        if (string.IsNullOrWhiteSpace(operation.Description)) operation.Description = text;
        var end = text.IndexOf(". ", StringComparison.Ordinal);
        operation.Summary = end < 0 ? text : text[..(end + 1)];
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any()) operation.Security = [Bearer];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
