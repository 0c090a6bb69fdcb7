package dev.slatune.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** One key of a ConfigMap in the resource's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConfigMapKeyReference {

    @Required
    @JsonPropertyDescription("The name of the ConfigMap, in the namespace of the SlaTuning.")
    private String name;

    @JsonPropertyDescription("The key within the ConfigMap. Default: tokenizer.json.")
    private String key;

    public ConfigMapKeyReference() {}

    public ConfigMapKeyReference(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
