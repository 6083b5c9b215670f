package io.cxkit

import org.json.JSONArray
import org.json.JSONObject
import java.time.Instant
import kotlin.reflect.KClass
import kotlin.reflect.KType
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor
import kotlin.reflect.full.starProjectedType

/**
 * The one generic mapping between the uniffi-generated Kotlin values and the
 * JSON shape of the Rust types (the shape the conformance vectors use), so
 * the conformance runner compares results exactly as the Rust harness does.
 *
 * Rules (they mirror serde's defaults in the domain crates):
 * - a Record (data class) is an object whose keys are the snake_case field
 *   names; a `null` field is omitted (serde `skip_serializing_if`), and the
 *   comparison treats an absent key and `null` alike;
 * - a flat enum is its snake_case variant name;
 * - an enum with data (sealed class) is internally tagged: `{"<tag>":
 *   "<snake_case variant>", ...fields}`, the tag being `type` unless
 *   [TAGS] says otherwise (`Scope` uses `kind`);
 * - ids are Strings (typealiases), timestamps `java.time.Instant` as RFC 3339;
 * - unsigned integers are JSON numbers;
 * - a [FieldValue] (form value) is untagged: a string or an array of strings.
 */
object Wire {
    /** Tag key of each internally tagged enum whose tag is not `type`. */
    val TAGS: Map<KClass<*>, String> = mapOf(
        Scope::class to "kind",
        Offer::class to "kind",
        Reason::class to "kind",
        Decision::class to "decision",
    )

    /**
     * serde defaults of enum-typed fields, which uniffi proc-macros cannot
     * declare as Kotlin defaults (`#[serde(default)]` on an enum field).
     */
    val ENUM_DEFAULTS: Map<Pair<KClass<*>, String>, Any> = mapOf(
        (AgentEvent.Login::class to "status") to StartStatus.IDLE,
        (AgentEvent.CallOffered::class to "direction") to Direction.INBOUND,
        (AgentEvent.ConsultStart::class to "mode") to ConsultMode.THREE_WAY,
    )

    /** Fields serde omits when empty (`skip_serializing_if = "Vec::is_empty"`). */
    val SKIP_EMPTY: Set<Pair<KClass<*>, String>> = setOf(TemplateField::class to "options")

    fun snake(name: String): String = buildString {
        for ((i, c) in name.withIndex()) {
            if (c.isUpperCase()) {
                if (i > 0) append('_')
                append(c.lowercaseChar())
            } else append(c)
        }
    }

    private fun tagOf(k: KClass<*>): String {
        var c: KClass<*>? = k
        while (c != null) {
            TAGS[c]?.let { return it }
            c = c.supertypes.mapNotNull { it.classifier as? KClass<*> }.firstOrNull { it.isSealed }
        }
        return "type"
    }

    /** A Kotlin value as org.json (JSONObject, JSONArray, String, Number, Boolean, JSONObject.NULL). */
    fun toJson(v: Any?): Any = when (v) {
        null -> JSONObject.NULL
        is String, is Boolean, is JSONObject, is JSONArray -> v
        is Byte, is Short, is Int, is Long -> (v as Number).toLong()
        is UByte -> v.toLong()
        is UShort -> v.toLong()
        is UInt -> v.toLong()
        is ULong -> if (v > Long.MAX_VALUE.toULong()) v.toString().toBigInteger() else v.toLong()
        is Float -> v.toDouble()
        is Double -> v
        is Instant -> v.toString()
        is Enum<*> -> v.name.lowercase()
        is Collection<*> -> JSONArray().also { a -> v.forEach { a.put(toJson(it)) } }
        is Map<*, *> -> JSONObject().also { o -> v.forEach { (k, x) -> o.put(k.toString(), toJson(x)) } }
        is FieldValue.Text -> v.value
        is FieldValue.Choices -> toJson(v.values)
        else -> objectToJson(v)
    }

    private fun objectToJson(v: Any): JSONObject {
        val k = v::class
        val o = JSONObject()
        val sealedParent = k.supertypes.mapNotNull { it.classifier as? KClass<*> }.firstOrNull { it.isSealed }
        if (sealedParent != null) o.put(tagOf(k), snake(k.simpleName ?: error("anonymous variant")))
        val ctor = k.primaryConstructor
        if (ctor != null) {
            val props = k.memberProperties.associateBy { it.name }
            for (p in ctor.parameters) {
                val value = props[p.name]?.getter?.call(v)
                if (value == null) continue
                if (value is Collection<*> && value.isEmpty() && (k to p.name!!) in SKIP_EMPTY) continue
                o.put(snake(p.name!!), toJson(value))
            }
        }
        return o
    }

    /**
     * A value that does not build as the Kotlin type asked for: [path] says
     * where in the argument (`kind`, `channel`, `[2].at`; empty for the whole
     * argument), as the facade's decode errors do.
     */
    class WireError(val path: String, message: String) : Exception(message)

    private fun join(path: String, key: String): String = if (path.isEmpty() || key.startsWith("[")) "$path$key" else "$path.$key"

    /**
     * Parses org.json [json] into a value of Kotlin type [type], as strictly as
     * the facade reads JSON: an unknown key is an error, and every error
     * names the path of the bad value.
     */
    fun fromJson(json: Any?, type: KType, path: String = ""): Any? {
        try {
            if (json == null || json == JSONObject.NULL) {
                require(type.isMarkedNullable) { "null for non-nullable $type" }
                return null
            }
            val k = type.classifier as KClass<*>
            return when (k) {
                String::class -> json as String
                Boolean::class -> json as Boolean
                Int::class -> (json as Number).toInt()
                Long::class -> (json as Number).toLong()
                UByte::class -> (json as Number).toInt().toUByte()
                UShort::class -> (json as Number).toInt().toUShort()
                UInt::class -> (json as Number).toLong().toUInt()
                ULong::class -> json.toString().toULong()
                Float::class -> (json as Number).toFloat()
                Double::class -> (json as Number).toDouble()
                Instant::class -> Instant.parse(json as String)
                List::class -> (json as JSONArray).mapIndexed { i, v -> fromJson(v, type.arguments[0].type!!, join(path, "[$i]")) }
                Set::class -> (json as JSONArray).mapIndexed { i, v -> fromJson(v, type.arguments[0].type!!, join(path, "[$i]")) }.toSet()
                Map::class -> (json as JSONObject).keySet().associateWith { fromJson(json.get(it), type.arguments[1].type!!, join(path, it)) }
                else -> fromJsonClass(json, k, path)
            }
        } catch (e: WireError) {
            throw e
        } catch (e: Exception) {
            throw WireError(path, e.message ?: e.toString())
        }
    }

    inline fun <reified T> fromJson(json: Any?): T = fromJson(json, kotlin.reflect.typeOf<T>()) as T

    private fun fromJsonClass(json: Any, k: KClass<*>, path: String): Any {
        if (k == FieldValue::class) {
            return when (json) {
                is String -> FieldValue.Text(json)
                is JSONArray -> FieldValue.Choices(json.map { it as String })
                else -> error("a form value is a string or an array of strings, got $json")
            }
        }
        if (k.java.isEnum) {
            val name = json as String
            return k.java.enumConstants.firstOrNull { (it as Enum<*>).name.lowercase() == name }
                ?: throw WireError(path, "${k.simpleName}: unknown variant `$name`")
        }
        if (k.isSealed) {
            val o = json as JSONObject
            val tagKey = tagOf(k)
            val tag = o.getString(tagKey)
            val sub = k.sealedSubclasses.firstOrNull { snake(it.simpleName!!) == tag }
                ?: throw WireError(join(path, tagKey), "${k.simpleName}: unknown variant `$tag`")
            sub.objectInstance?.let { obj ->
                o.keySet().firstOrNull { it != tagKey }?.let { throw WireError(join(path, it), "unknown field `$it`") }
                return obj
            }
            return construct(sub, o, path, tagKey)
        }
        return construct(k, json as JSONObject, path, null)
    }

    private fun construct(k: KClass<*>, o: JSONObject, path: String, tagKey: String?): Any {
        val ctor = k.primaryConstructor ?: error("${k.simpleName} has no primary constructor")
        val known = ctor.parameters.map { snake(it.name!!) }.toSet()
        o.keySet().firstOrNull { it != tagKey && it !in known }?.let { throw WireError(join(path, it), "unknown field `$it`") }
        val args = ctor.parameters.mapNotNull { p ->
            val key = snake(p.name!!)
            when {
                o.has(key) -> p to fromJson(o.get(key), p.type, join(path, key))
                (k to p.name!!) in ENUM_DEFAULTS -> p to ENUM_DEFAULTS.getValue(k to p.name!!)
                p.isOptional -> null
                p.type.isMarkedNullable -> p to null
                else -> throw WireError(join(path, key), "${k.simpleName}: missing `$key` in $o")
            }
        }.toMap()
        return ctor.callBy(args)
    }

    /** The vector comparison rule of `docs/vectors.md` (absent key == null). */
    fun matches(expected: Any?, actual: Any?): Boolean {
        val e = expected ?: JSONObject.NULL
        val a = actual ?: JSONObject.NULL
        return when {
            e is Number && a is Number -> {
                val x = e.toDouble(); val y = a.toDouble()
                x == y || Math.abs(x - y) <= 1e-9 * maxOf(Math.abs(x), Math.abs(y), 1.0)
            }
            e is JSONArray && a is JSONArray -> e.length() == a.length() && (0 until e.length()).all { matches(e.get(it), a.get(it)) }
            e is JSONObject && a is JSONObject -> {
                val keys = (e.keySet() + a.keySet()).filter { !isNull(e.opt(it)) || !isNull(a.opt(it)) }
                keys.all { e.has(it) && a.has(it) && matches(e.get(it), a.get(it)) }
            }
            else -> e == a
        }
    }

    private fun isNull(v: Any?): Boolean = v == null || v == JSONObject.NULL

    /** `expected` (a subset of keys) matches the error's details. */
    fun detailsMatch(expected: Any?, actual: Any?): Boolean =
        if (expected is JSONObject && actual is JSONObject) expected.keySet().all { actual.has(it) && matches(expected.get(it), actual.get(it)) }
        else matches(expected, actual)
}
