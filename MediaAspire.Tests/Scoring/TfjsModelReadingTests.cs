using System.Text.Json;
using MediaAspire.GpuWorker.Inference;
using MediaAspire.GpuWorker.Scoring;

namespace MediaAspire.Tests.Scoring;

/// <summary>Reading nsfwjs' UMD bundles without a JavaScript engine.</summary>
public sealed class TfjsModelReadingTests
{
    [Fact]
    public void Minified_literals_become_json()
    {
        var json = JsLiteralToJson.Convert("""{a:!0,b:!1,c:.5,d:-.25,e:1e-3,f:7E5,g:"k:v !0 .5",h:null,i:[{j:-3.5e-2}]}""");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.True(root.GetProperty("a").GetBoolean());
        Assert.False(root.GetProperty("b").GetBoolean());
        Assert.Equal(0.5, root.GetProperty("c").GetDouble());
        Assert.Equal(-0.25, root.GetProperty("d").GetDouble());
        Assert.Equal(1e-3, root.GetProperty("e").GetDouble());
        Assert.Equal(7e5, root.GetProperty("f").GetDouble());
        Assert.Equal("k:v !0 .5", root.GetProperty("g").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("h").ValueKind);
        Assert.Equal(-3.5e-2, root.GetProperty("i")[0].GetProperty("j").GetDouble());
    }

    [Fact]
    public void Code_in_a_literal_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => JsLiteralToJson.Convert("{a:window.alert}"));
    }

    [Fact]
    public void Reads_the_exported_literal_of_a_umd_bundle()
    {
        const string bundle = """!function(e){module.exports=e()}(function(){return function e(a,n,i){}({1:[function(e,a,n){a.exports={x:"}",y:[1,{z:2}]}},{}]},{},[1])(1)});""";

        Assert.Equal("""{x:"}",y:[1,{z:2}]}""", UmdModuleExport.ReadObjectLiteral(bundle));
        Assert.Equal("QUJD", UmdModuleExport.ReadStringLiteral("""!function(e){module.exports=e()}({1:[function(e,h,n){h.exports="QUJD"},{}]})"""));
    }

    [Fact]
    public void Loads_every_weight_of_the_nsfwjs_model_dequantized()
    {
        var model = TfjsLayersModel.Load(ModelDirectory.Resolve(null));

        var kernel = model.Weight("Conv1/kernel", 3, 3, 3, 32);
        // uint8 quantization: every value lies on min + scale * k, within [min, min + 255 * scale].
        const double min = -0.87334511607301, scale = 0.006666756611244351;
        Assert.All(kernel.Values, v => Assert.InRange(v, min - 1e-6, min + 255 * scale + 1e-6));
        Assert.Contains(kernel.Values, v => Math.Abs(v - (float)min) < 1e-7);
        Assert.Equal([1280, 256], model.WeightShape("dense_1/kernel"));
        Assert.Equal("ZeroPadding2D", model.ClassName(model.InputOf("block_13_depthwise")));
    }

    [Fact]
    public void A_configured_directory_without_the_model_is_named_in_the_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-model-here");
        var error = Assert.Throws<DirectoryNotFoundException>(() => ModelDirectory.Resolve(missing));
        Assert.Contains(missing, error.Message);
    }
}
