Console.WriteLine("llmembed");
