package dev.gale.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tornado-format CSV translations and the choice of a locale from Accept-Language, as the demo contract states. */
class TranslationsTest {
    @TempDir
    Path directory;

    private Translations demo;

    @BeforeEach
    void writeTheDemoTranslations() throws IOException {
        Files.writeString(
                directory.resolve("zh_CN.csv"),
                "\"Home\",\"首页\"\n"
                        + "\"%(count)d apples\",\"%(count)d 个苹果\",\"plural\"\n"
                        + "\"one apple\",\"一个苹果\",\"singular\"\n"
                        + "\"Sign in\",\"登录\",\"\"\n",
                StandardCharsets.UTF_8);
        demo = Translations.load(directory, "en_US");
    }

    @Test
    void loadReadsEachFileAsALocale() {
        assertEquals(List.of("en_US", "zh_CN"), demo.codes());
        Translation zh = demo.get("zh_CN");
        assertEquals("zh_CN", zh.code());
        assertEquals("首页", zh.translate("Home"));
        assertEquals("登录", zh.translate("Sign in"));
        assertEquals("Not translated", zh.translate("Not translated"));
    }

    @Test
    void pluralAndSingularFormsAreChosenByCount() {
        Translation zh = demo.get("zh_CN");
        assertEquals("一个苹果", zh.translate("one apple", "%(count)d apples", 1));
        assertEquals("%(count)d 个苹果", zh.translate("one apple", "%(count)d apples", 2));
        assertEquals("%(count)d 个苹果", zh.translate("one apple", "%(count)d apples", 0));
        assertEquals("one apple", zh.translate("one apple"), "a plural form's strings are not plain messages");
    }

    @Test
    void theDefaultLocaleKeepsMessagesAsWritten() {
        Translation en = demo.fallback();
        assertEquals("en_US", en.code());
        assertEquals("Home", en.translate("Home"));
        assertEquals("one apple", en.translate("one apple", "%(count)d apples", 1));
        assertEquals("%(count)d apples", en.translate("one apple", "%(count)d apples", 3));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        Files.writeString(directory.resolve("fr.csv"), "\uFEFF\"Home\",\"Accueil\"\n", StandardCharsets.UTF_8);
        assertEquals("Accueil", Translations.load(directory, "en_US").get("fr").translate("Home"));
    }

    @Test
    void aFileNameThatIsNotALocaleCodeIsRefused() throws IOException {
        Path bad = Files.writeString(directory.resolve("chinese.csv"), "\"Home\",\"首页\"\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Translations.load(directory, "en_US"));
        assertTrue(e.getMessage().contains(bad.toString()), e::getMessage);
        assertTrue(e.getMessage().contains("not a locale code"), e::getMessage);
    }

    @Test
    void aThirdColumnOtherThanPluralOrSingularIsRefused() throws IOException {
        Files.writeString(directory.resolve("zh_CN.csv"), "\"Home\",\"首页\"\n\"Apples\",\"苹果\",\"many\"\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Translations.load(directory, "en_US"));
        assertTrue(e.getMessage().contains("zh_CN.csv"), e::getMessage);
        assertTrue(e.getMessage().contains("row 2"), e::getMessage);
        assertTrue(e.getMessage().contains("\"many\""), e::getMessage);
    }

    @Test
    void aRowWithoutATranslationIsRefused() throws IOException {
        Files.writeString(directory.resolve("zh_CN.csv"), "\"Home\"\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Translations.load(directory, "en_US"));
        assertTrue(e.getMessage().contains("row 1"), e::getMessage);
    }

    @Test
    void anUnterminatedQuoteNamesTheFileAndLine() throws IOException {
        Files.writeString(directory.resolve("zh_CN.csv"), "\"Home\",\"首页\"\n\"Sign in,登录\n");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Translations.load(directory, "en_US"));
        assertTrue(e.getMessage().contains("zh_CN.csv"), e::getMessage);
        assertTrue(e.getMessage().contains("line 2"), e::getMessage);
    }

    @Test
    void aMissingDirectoryIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Translations.load(directory.resolve("missing"), "en_US"));
        assertTrue(e.getMessage().contains("missing"), e::getMessage);
    }

    @Test
    void getFindsTheClosestLocale() {
        assertEquals("zh_CN", demo.get("zh_TW").code());
        assertEquals("zh_CN", demo.get("zh").code());
        assertEquals("en_US", demo.get("fr_FR").code());
    }

    @ParameterizedTest(name = "zh: {0}")
    @ValueSource(
            strings = {
                "zh-CN,zh;q=0.9",
                "zh",
                "zh-TW",
                "zh-Hans-CN",
                "ZH-cn",
                "zh-CN, en;q=0.9",
                "en;q=0.8, zh;q=0.9",
                "en;q=0.5,zh-CN;q=0.6,fr;q=1",
                "fr, zh;q=0.1",
                "zh;q=0.7, en;q=0.7",
                "zh-CN;q=0.5, en;q=0.5, en-US;q=0.5",
                "*, zh;q=0.5",
                "en;q=0, zh;q=0.001",
                "de;q=1.0,zh;q=0.3,en;q=0.2",
                ";, zh-CN",
            })
    void zhWinsWhenAZhRangeHasTheHighestQuality(String header) {
        assertEquals("zh_CN", demo.forAcceptLanguage(header).code(), header);
    }

    @ParameterizedTest(name = "en: {0}")
    @ValueSource(
            strings = {
                "en",
                "en-US,en;q=0.9",
                "en;q=0.9, zh;q=0.8",
                "en-GB;q=0.6, zh-CN;q=0.5",
                "en;q=0.7, zh;q=0.7",
                "en-US;q=0.5, zh;q=0.5",
                "zh;q=0",
                "zh;q=0.0, en;q=0.1",
                "zh-CN;q=0.000",
                "fr",
                "fr-FR, de;q=0.9",
                "*",
                "*;q=1, zh;q=0",
                "",
                "   ",
                ",,,",
                ";;;",
                ";q=0.9",
                "zh;q=abc",
                "zh;q=",
                "zh;q=1.5",
                "zh;q=-0.5",
                "zh;q=NaN",
                "zh CN",
                "zh!!",
                "; , zh;q=0",
                ";;;, zh;q=0",
                "\"zh\"",
                "zh-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            })
    void englishOtherwise(String header) {
        assertEquals("en_US", demo.forAcceptLanguage(header).code(), header);
    }

    @ParameterizedTest
    @NullSource
    void englishWithoutTheHeader(String header) {
        assertEquals("en_US", demo.forAcceptLanguage(header).code());
    }

    @Test
    void noneKeepsTheDefaultForEveryHeader() {
        Translations none = Translations.none("en_US");
        assertEquals("en_US", none.forAcceptLanguage("zh-CN,zh;q=0.9").code());
        assertEquals("Home", none.forAcceptLanguage("zh").translate("Home"));
    }
}
