using BudgetMesh.Grpc.Server;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace BudgetMesh.Grpc.Reflection;

/// <summary>Files and symbols of every mapped service, with their dependencies, as reflection serves them.</summary>
internal sealed class ReflectionIndex(GrpcServiceRegistry registry)
{
    private readonly Lazy<Index> _index = new(() => Build(registry.Services));

    public IReadOnlyList<string> ServiceNames => _index.Value.ServiceNames;

    /// <summary>The file and its transitive dependencies, file first; null when unknown.</summary>
    public IReadOnlyList<ByteString>? FileByName(string fileName) =>
        _index.Value.Files.TryGetValue(fileName, out var file) ? WithDependencies(file) : null;

    public IReadOnlyList<ByteString>? FileContainingSymbol(string symbol) =>
        _index.Value.Symbols.TryGetValue(symbol.TrimStart('.'), out var file) ? WithDependencies(file) : null;

    private static List<ByteString> WithDependencies(FileDescriptor file)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<string>();
        void Visit(FileDescriptor f)
        {
            if (!seen.Add(f.Name))
            {
                return;
            }
            ordered.Add(f);
            foreach (var dependency in f.Dependencies)
            {
                Visit(dependency);
            }
        }
        Visit(file);
        return ordered.Select(f => f.SerializedData).ToList();
    }

    private sealed record Index(List<string> ServiceNames, Dictionary<string, FileDescriptor> Files, Dictionary<string, FileDescriptor> Symbols);

    private static Index Build(IReadOnlyList<ServiceDescriptor> services)
    {
        var files = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        var symbols = new Dictionary<string, FileDescriptor>(StringComparer.Ordinal);
        void AddFile(FileDescriptor file)
        {
            if (!files.TryAdd(file.Name, file))
            {
                return;
            }
            foreach (var service in file.Services)
            {
                symbols.TryAdd(service.FullName, file);
                foreach (var method in service.Methods)
                {
                    symbols.TryAdd(method.FullName, file);
                }
            }
            foreach (var message in file.MessageTypes)
            {
                AddMessage(message, file);
            }
            foreach (var enumType in file.EnumTypes)
            {
                symbols.TryAdd(enumType.FullName, file);
            }
            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency);
            }
        }
        void AddMessage(MessageDescriptor message, FileDescriptor file)
        {
            symbols.TryAdd(message.FullName, file);
            foreach (var nested in message.NestedTypes)
            {
                AddMessage(nested, file);
            }
            foreach (var enumType in message.EnumTypes)
            {
                symbols.TryAdd(enumType.FullName, file);
            }
        }
        foreach (var service in services)
        {
            AddFile(service.File);
        }
        return new Index([.. services.Select(s => s.FullName).Order(StringComparer.Ordinal)], files, symbols);
    }
}
