using BudgetMesh.ServiceDefaults;
using BudgetMesh.ServiceDefaults.Grpc;
using Microsoft.AspNetCore.Builder;

namespace BudgetMesh.Intake;

/// <summary>The Intake process: what it is made of, in the order it is assembled.</summary>
public static class IntakeApp
{
    public const string ServiceName = "intake";
    public const string Schema = "intake";
    public const int DefaultPort = 5101;

    /// <summary>Builds the app; <paramref name="configure"/> lets tests add configuration before anything reads it.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddServiceDefaults(ServiceName);
        builder.AddGrpcServer(DefaultPort);
        builder.AddServiceDatabase(Schema, typeof(IntakeApp).Assembly);
        builder.AddIntake();

        var app = builder.Build();
        app.MapIntake();
        app.MapDefaultEndpoints();
        return app;
    }
}
