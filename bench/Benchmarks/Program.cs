using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Observability.Benchmarks.DcgmCaptureBenchmarks).Assembly).Run(args);
