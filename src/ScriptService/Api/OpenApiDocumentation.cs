using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;
using ScriptService.Jobs;
using ScriptService.Realtime;

namespace ScriptService.Api;

/// <summary>
/// The OpenAPI document of the HTTP API (<c>/openapi/v1.json</c>) and its interactive reference (<c>/docs</c>). The
/// schemas come from the endpoints' metadata and the JSON contexts; this adds what metadata cannot say: the enums
/// and defaults the parser enforces, the bearer scheme, the headers and the examples.
/// </summary>
internal static partial class OpenApiDocumentation
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string ReferencePath = "/docs";

    private static readonly string[] _jobStates = ["queued", "running", "succeeded", "failed"];

    public static IServiceCollection AddScriptServiceOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
            options.AddDocumentTransformer(DescribeDocument);
            options.AddSchemaTransformer(DescribeSchemaAsync);
            // The script's text is a string on the wire (ScriptText only keeps its JSON form): described in place, not as a type of its own.
            options.CreateSchemaReferenceId = type => type.Type == typeof(ScriptText) ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddOperationTransformer(DescribeOperationAsync);
        });

    public static void MapScriptServiceOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(DocumentPath);
        // Scalar's script is embedded in its package and served from here, so the page works without the internet; its
        // features that call Scalar's own servers (the AI agent, MCP, telemetry, the deploy toolbar) are off.
        endpoints.MapScalarApiReference(ReferencePath, reference => reference
            .WithTitle("ScriptService API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .HideDeveloperTools());
    }

    private static Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ScriptService API",
            Version = "v1",
            Description = "Ask for a script on a topic with POST /api/scripts, then receive it over Socket.IO (scriptProgress, "
                + "scriptResult; see the client guide) or read it with GET /api/scripts/{jobId}. Errors are problem details "
                + "(RFC 9457, application/problem+json).",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Only when the service has authentication configured (ScriptService:Authentication): the API key, "
                + "or a JWT (HS256) whose sub is the user.",
        };
        return Task.CompletedTask;
    }

    private static async Task DescribeSchemaAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ScriptPostBody))
        {
            SetEnum(schema, "language", "vi", "en");
            SetEnum(schema, "length", "short", "medium", "long");
            if (schema.Properties?.TryGetValue("sources", out var sources) == true && sources is OpenApiSchema list)
            {
                list.MaxItems = ScriptRequestParser.MaxSources;
            }

            schema.Description = "The body of POST /api/scripts.";
            schema.Examples = [Examples.PostBody()];
        }
        else if (type == typeof(JobAccepted))
        {
            Require(schema, "jobId", "status");
            SetEnum(schema, "status", _jobStates);
        }
        else if (type == typeof(JobStatus))
        {
            Require(schema, "jobId", "state", "createdAt", "updatedAt");
            SetEnum(schema, "state", _jobStates);
            if (schema.Properties is { } properties)
            {
                // Stored as JSON text, so the type says nothing; it is the scriptResult the sockets received.
                properties["result"] = await context.GetOrCreateSchemaAsync(typeof(ScriptResultMessage), null, cancellationToken);
                schema.Required?.Remove("result");
            }
        }
        else if (type == typeof(ScriptResultMessage))
        {
            Require(schema, "job_id", "status", "data", "error", "timestamp");
            SetEnum(schema, "status", 201, 500);
        }
        else if (type == typeof(ScriptResultData))
        {
            Require(schema, "scriptId", "topic", "title", "description", "script", "status");
        }
        else if (type == typeof(ScriptText))
        {
            // Written by a converter of its own, so the type says nothing: it is a JSON string.
            schema.Type = JsonSchemaType.String;
            schema.Description = "The script: plain text, paragraphs separated by blank lines.";
        }
    }

    private static async Task DescribeOperationAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (operation.OperationId)
        {
            case ScriptsEndpoints.CreateName:
                await SetRequestBodyAsync(operation, context, cancellationToken);
                SetExample(operation, 202, "application/json", Examples.Accepted());
                SetExample(operation, 400, "application/problem+json", Examples.ValidationProblem());
                SetExample(operation, 409, "application/problem+json", Examples.Problem(409, "Job id already used", "Job 'job_1718000000000' exists with a different request."));
                SetExample(operation, 503, "application/problem+json", Examples.Problem(503, "Service unavailable", "The queue is full; try again shortly."));
                SetHeader(operation, 202, "Location", "The job's URL, for GET.");
                SetHeader(operation, 429, "Retry-After", "Seconds to wait before posting again.");
                SetHeader(operation, 503, "Retry-After", "Seconds to wait before posting again.");
                SetBearer(operation, context.Document);
                break;
            case ScriptsEndpoints.GetName:
                SetExample(operation, 200, "application/json", Examples.Status());
                SetExample(operation, 404, "application/problem+json", Examples.Problem(404, "Job not found", "There is no job 'job_1718000000000'."));
                SetBearer(operation, context.Document);
                break;
        }
    }

    private static async Task SetRequestBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(typeof(ScriptPostBody), null, cancellationToken);
        IOpenApiSchema reference = schema;
        if (context.Document is { } document)
        {
            document.AddComponent(nameof(ScriptPostBody), schema);
            reference = new OpenApiSchemaReference(nameof(ScriptPostBody), document);
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                ["application/json"] = new OpenApiMediaType { Schema = reference, Example = Examples.PostBody() },
            },
        };
    }

    private static void SetBearer(OpenApiOperation operation, OpenApiDocument? document) =>
        // Either no credentials (authentication off) or the bearer token (authentication on).
        operation.Security = [new OpenApiSecurityRequirement(), new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];

    private static void SetEnum(OpenApiSchema schema, string property, params JsonNode[] values)
    {
        if (schema.Properties?.TryGetValue(property, out var value) == true && value is OpenApiSchema target)
        {
            // A nullable property's enum must list null too, or no null would validate.
            target.Enum = IsNullable(target) ? [.. values, JsonValue.Create((string?)null)!] : [.. values];
        }
    }

    private static void SetEnum(OpenApiSchema schema, string property, string[] values) =>
        SetEnum(schema, property, [.. values.Select(static v => (JsonNode)v)]);

    private static bool IsNullable(OpenApiSchema schema) => schema.Type is { } type && type.HasFlag(JsonSchemaType.Null);

    private static void Require(OpenApiSchema schema, params string[] properties)
    {
        schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            schema.Required.Add(property);
        }
    }

    private static void SetExample(IDictionary<string, OpenApiMediaType>? content, string mediaType, JsonObject example)
    {
        if (content is not null && content.TryGetValue(mediaType, out var media))
        {
            media.Example = example;
        }
    }

    private static void SetExample(OpenApiOperation operation, int status, string mediaType, JsonObject example)
    {
        if (Response(operation, status) is { } response)
        {
            SetExample(response.Content, mediaType, example);
        }
    }

    private static void SetHeader(OpenApiOperation operation, int status, string name, string description)
    {
        if (Response(operation, status) is { } response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>(StringComparer.Ordinal);
            response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }

    private static OpenApiResponse? Response(OpenApiOperation operation, int status) =>
        operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
            ? response as OpenApiResponse
            : null;
}
