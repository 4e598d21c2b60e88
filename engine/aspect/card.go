package aspect

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

// TensorSpec describes one model input or output as written in model.yaml.
type TensorSpec struct {
	Name        string   `yaml:"name"`
	DType       string   `yaml:"dtype"`
	Shape       []string `yaml:"shape"`
	Labels      []string `yaml:"labels,omitempty"`
	Description string   `yaml:"description,omitempty"`
}

// Decoding holds the decoder settings of model.yaml.
type Decoding struct {
	AspectOutput  string   `yaml:"aspect_output"`
	OpinionOutput string   `yaml:"opinion_output"`
	PairOutput    string   `yaml:"pair_output"`
	TagLabels     []string `yaml:"tag_labels"`  // must be O, B, I in some order
	PairLabels    []string `yaml:"pair_labels"` // none + negative, neutral, positive
	ImplicitRow   int      `yaml:"implicit_row"`
	MinScore      float64  `yaml:"min_score"`
	// BareAspects: an aspect span that no emitted triplet uses is also returned, as a
	// Triplet with OpinionStart = OpinionEnd = -1, no polarity and Score = the mean
	// probability of its B/I tags (the mention policy gives it an opinion and a polarity
	// from the clause). Default false: triplets only.
	BareAspects bool `yaml:"bare_aspects"`
}

// Card is the part of models/aspect-zh/model.yaml the engine needs.
type Card struct {
	Name     string       `yaml:"name"`
	Version  string       `yaml:"version"`
	Task     string       `yaml:"task"`
	Model    string       `yaml:"model"`
	Vocab    string       `yaml:"vocab"`
	MaxLen   int          `yaml:"max_len"`
	Inputs   []TensorSpec `yaml:"inputs"`
	Outputs  []TensorSpec `yaml:"outputs"`
	Decoding Decoding     `yaml:"decoding"`
}

// ParseCard parses model.yaml content.
func ParseCard(data []byte) (Card, error) {
	var c Card
	if err := yaml.Unmarshal(data, &c); err != nil {
		return Card{}, fmt.Errorf("parse aspect model card: %w", err)
	}
	return c, nil
}

// LoadCard reads and parses a model.yaml file.
func LoadCard(path string) (Card, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Card{}, fmt.Errorf("load aspect model card %s: %w", path, err)
	}
	c, err := ParseCard(data)
	if err != nil {
		return Card{}, fmt.Errorf("load aspect model card %s: %w", path, err)
	}
	return c, nil
}
